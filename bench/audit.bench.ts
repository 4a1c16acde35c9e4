/**
 * `npm run bench:audit [-- --events 1000000]`
 * Builds an N-event log (153 authorities, two plans each, ~600 bytes of JSON an event), notarises it, exports a
 * bundle, verifies it, replays it, and times plain SHA-256 over the same bytes for scale. Prints one line per
 * figure and a final JSON line.
 */
import { hash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ManualClock, SqliteEventStore, type EventToAppend, type JsonObject, type RecordedEvent } from '@plan-ledger/event-store';
import { bundleFiles, exportBundle, Notary, verifyBundle } from '@plan-ledger/notary';
import { authorityReport, eventsByAuthority } from '@plan-ledger/projections';
import { readVerifiedEvents } from '../apps/cli/src/bundle-events';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
const TOTAL = Number(values.events);
const AUTHORITIES = Array.from({ length: 153 }, (_, i) => String(300 + i));
const BATCH = 500;
const filler = 'Audit of referrals showed management oversight recorded on most cases; the board asked for sampling to continue. ';

const metadata = (month: string) => ({
  occurredAt: { from: month, precision: 'month' as const },
  actor: { id: 'bench', role: 'importer' },
});
const rate = (count: number, ms: number): number => Math.round((count / ms) * 1000);
const line = (name: string, value: string): void => console.log(`${name.padEnd(34)} ${value}`);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-audit-bench-'));
  const clock = new ManualClock('2016-01-01T00:00:00.000Z');
  const store = new SqliteEventStore({ path: join(dir, 'data', 'ledger.db'), clock, synchronous: 'NORMAL' });
  console.log(`bench:audit  events=${TOTAL} authorities=${AUTHORITIES.length} node ${process.version}`);

  let start = performance.now();
  for (const la of AUTHORITIES) {
    await store.append(
      `authority-${la}`,
      [{ type: 'AuthorityRegistered', data: { laCode: la, name: `Council ${la}`, region: 'WM' }, metadata: metadata('2016-01') }],
      { expectedRevision: 'no_stream' },
    );
    for (const p of [1, 2]) {
      await store.append(
        `plan-${la}-${p}`,
        [
          {
            type: 'PlanCreated',
            data: { planId: `${la}-${p}`, laCode: la, title: `Plan ${p}`, kind: 'improvement plan' },
            metadata: metadata('2016-02'),
          },
          { type: 'PrioritySet', data: { priorityId: 'front-door', title: 'Family Front Door' }, metadata: metadata('2016-02') },
        ],
        { expectedRevision: 'no_stream' },
      );
    }
  }
  let written = AUTHORITIES.length * 5;
  let batchNumber = 0;
  while (written < TOTAL) {
    const la = AUTHORITIES[batchNumber % AUTHORITIES.length];
    const plan = `plan-${la}-${1 + (batchNumber % 2)}`;
    const count = Math.min(BATCH, TOTAL - written);
    const events: EventToAppend[] = Array.from({ length: count }, (_, i) => ({
      type: i % 2 ? 'ActionAdded' : 'ProgressGraded',
      data: (i % 2
        ? {
            actionId: `a-${written + i}`,
            priorityId: 'front-door',
            title: filler.slice(0, 120),
            owner: 'Head of Service',
            due: '2017-09-30',
            successMeasure: filler.repeat(3).slice(0, 300),
          }
        : {
            target: 'priority',
            targetId: 'front-door',
            grade: 'amber',
            gradedBy: 'board',
            evidence: filler.repeat(4).slice(0, 420),
          }) as JsonObject,
      metadata: metadata(`20${16 + ((written + i) % 4)}-0${1 + ((written + i) % 9)}`),
    }));
    clock.advance(60_000);
    await store.append(plan, events, { expectedRevision: 'any' });
    written += count;
    batchNumber++;
  }
  line('build log (not a target)', `${rate(written, performance.now() - start)} events/s`);

  const notaryDir = join(dir, 'data', 'notary');
  const notary = new Notary({ store, clock, dir: notaryDir, origin: 'plan-ledger.bench/log' });
  start = performance.now();
  await notary.catchUp();
  const notariseRate = rate(notary.size, performance.now() - start);
  line('notarise (tree from the log)', `${notariseRate} events/s`);

  const bundle = join(dir, 'bundle');
  start = performance.now();
  const exported = await exportBundle(store, notary, notaryDir, bundle);
  const exportRate = rate(exported.events, performance.now() - start);
  const bytes = statSync(bundleFiles(bundle).events).size;
  line('export', `${exportRate} events/s (${(bytes / 1e6).toFixed(0)} MB)`);

  start = performance.now();
  const report = verifyBundle(bundle);
  const verifyMs = performance.now() - start;
  if (!report.ok) throw new Error(`the bench bundle did not verify: ${report.failure?.message}`);
  const verifyRate = rate(report.events, verifyMs);
  line('verify', `${verifyRate} events/s`);

  const raw = readFileSync(bundleFiles(bundle).events);
  start = performance.now();
  let offset = 0;
  while (offset < raw.length) {
    const end = raw.indexOf(0x0a, offset);
    hash('sha256', raw.subarray(offset, end), 'buffer');
    offset = end + 1;
  }
  const shaRate = rate(report.events, performance.now() - start);
  line('plain SHA-256 of the same lines', `${shaRate} lines/s (verify/sha256 = ${(verifyRate / shaRate).toFixed(2)})`);

  start = performance.now();
  const events = readVerifiedEvents(bundle);
  const knownAt = clock.now().toISOString();
  const byAuthority = eventsByAuthority(events);
  for (const la of AUTHORITIES) authorityReport(byAuthority.get(la) ?? [], la, { knownAt });
  const replayRate = rate(events.length, performance.now() - start);
  line('full replay (verify + every authority)', `${replayRate} events/s`);

  // One authority at a cut, the way the API answers: its streams read with recordedUntil, then folded. Two real cuts:
  // the head (knownAt now), and mid-log (the recordedAt of the event halfway along the log), each found as the API
  // finds them. The events folded are counted and printed with the time, and a fold of nothing fails the bench: the
  // cut once fell before the first event and the figure timed an empty fold.
  const headPosition = await store.headPosition();
  let midLog: RecordedEvent | undefined;
  for await (const event of store.readAll({ fromPosition: headPosition / 2n, maxCount: 1 })) midLog = event;
  const cuts = { head: knownAt, midLog: midLog!.recordedAt };
  const atCut: Record<keyof typeof cuts, { medianMs: number; worstMs: number; eventsFolded: number; position: string }> = {
    head: { medianMs: 0, worstMs: 0, eventsFolded: 0, position: '' },
    midLog: { medianMs: 0, worstMs: 0, eventsFolded: 0, position: '' },
  };
  for (const [name, cut] of Object.entries(cuts) as [keyof typeof cuts, string][]) {
    const timings: number[] = [];
    const folded: number[] = [];
    for (const la of AUTHORITIES.slice(0, 20)) {
      start = performance.now();
      const own: RecordedEvent[] = [];
      for (const stream of [`authority-${la}`, `plan-${la}-1`, `plan-${la}-2`])
        for await (const e of store.readStream(stream, { recordedUntil: cut })) own.push(e);
      const report = authorityReport(own, la, { knownAt: cut });
      timings.push(performance.now() - start);
      if (!report || report.plans.length === 0) throw new Error(`authority ${la} at ${cut} folded to nothing`);
      folded.push(own.length);
    }
    timings.sort((a, b) => a - b);
    folded.sort((a, b) => a - b);
    const medianFolded = folded[Math.floor(folded.length / 2)];
    const position = await store.positionRecordedBy(cut);
    atCut[name] = {
      medianMs: +timings[Math.floor(timings.length / 2)].toFixed(1),
      worstMs: +timings[timings.length - 1].toFixed(1),
      eventsFolded: medianFolded,
      position: position.toString(),
    };
    if (medianFolded < 5 || position === 0n) throw new Error(`the ${name} cut ${cut} holds too little of the log to time a fold`);
    line(
      `one authority at the ${name === 'head' ? 'head' : 'mid-log cut'}`,
      `median ${atCut[name].medianMs} ms, worst ${atCut[name].worstMs} ms, ${medianFolded} events folded (median; cut ${cut}, position ${position})`,
    );
  }

  const inclusion = notary.inclusionProof(notary.checkpoints.length ? events[Math.floor(events.length / 2)].eventId : events[0].eventId);
  const consistency = notary.consistencyProof(Math.floor(notary.size / 3), notary.size);
  line('inclusion proof at N', `${inclusion.proof.length} hashes, ${inclusion.proof.length * 32} bytes`);
  line('consistency proof N/3 -> N', `${consistency.proof.length} hashes, ${consistency.proof.length * 32} bytes`);

  const figures = {
    notariseEventsPerSecond: notariseRate,
    exportEventsPerSecond: exportRate,
    verifyEventsPerSecond: verifyRate,
    sha256LinesPerSecond: shaRate,
    verifyToSha256: +(verifyRate / shaRate).toFixed(2),
    fullReplayEventsPerSecond: replayRate,
    oneAuthorityAtHead: atCut.head,
    oneAuthorityMidLog: atCut.midLog,
    inclusionProofHashes: inclusion.proof.length,
    consistencyProofHashes: consistency.proof.length,
  };
  console.log(JSON.stringify({ bench: 'audit', events: written, figures, targetsMet: verifyRate >= 100_000 && atCut.head.medianMs < 100 }));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: Error) => {
  console.error(`bench:audit failed: ${error.message}`);
  process.exitCode = 1;
});
