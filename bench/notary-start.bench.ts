/**
 * `npm run bench:notary [-- --events 1000000]`
 * Builds an N-event SQLite log (~600 bytes of JSON an event, as bench:audit), then times, from Notary construction to
 * start() resolved: without the tree file (the whole log read and hashed), with it missing (the same, writing it), and
 * with it warm; then the background verification, a full auditStore pass, and the first inclusion proof (which builds
 * the eventId map). Prints one line per figure and a final JSON line.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ManualClock, SqliteEventStore, type EventToAppend, type JsonObject } from '@plan-ledger/event-store';
import { Notary } from '@plan-ledger/notary';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
const TOTAL = Number(values.events);
const BATCH = 500;
const ORIGIN = 'plan-ledger.bench/log';
const filler = 'Audit of referrals showed management oversight recorded on most cases; the board asked for sampling to continue. ';
const line = (name: string, value: string): void => console.log(`${name.padEnd(40)} ${value}`);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-notary-bench-'));
  const clock = new ManualClock('2016-01-01T00:00:00.000Z');
  const store = new SqliteEventStore({ path: join(dir, 'ledger.db'), clock, synchronous: 'NORMAL' });
  console.log(`bench:notary  events=${TOTAL} node ${process.version}`);
  let start = performance.now();
  for (let written = 0, batch = 0; written < TOTAL; batch++) {
    const count = Math.min(BATCH, TOTAL - written);
    const events: EventToAppend[] = Array.from({ length: count }, (_, i) => ({
      type: i % 2 ? 'ActionAdded' : 'ProgressGraded',
      data: {
        actionId: `a-${written + i}`,
        owner: 'Head of Service',
        due: '2017-09-30',
        evidence: filler.repeat(5).slice(0, 520),
      } as JsonObject,
      metadata: { occurredAt: { from: '2017-03', precision: 'month' }, actor: { id: 'bench', role: 'importer' } },
    }));
    clock.advance(60_000);
    await store.append(`plan-${batch % 306}`, events, { expectedRevision: 'any' });
    written += count;
  }
  line('build log (not a target)', `${Math.round((TOTAL / (performance.now() - start)) * 1000)} events/s`);

  const timeStart = async (notaryDir: string, treeFile: boolean): Promise<{ notary: Notary; ms: number }> => {
    const began = performance.now();
    const notary = new Notary({ store, clock, dir: notaryDir, origin: ORIGIN, treeFile, everyEvents: Number.MAX_SAFE_INTEGER });
    await notary.start();
    return { notary, ms: performance.now() - began };
  };
  const notaryDir = join(dir, 'notary');

  const plain = await timeStart(join(dir, 'plain'), false);
  await plain.notary.stop();
  line('start, no tree file (as before)', `${plain.ms.toFixed(0)} ms`);

  const cold = await timeStart(notaryDir, true);
  await cold.notary.checkpoint();
  await cold.notary.stop();
  const fileMb = statSync(join(notaryDir, 'tree-leaves.bin')).size / 1e6;
  line('start, tree file missing (writes it)', `${cold.ms.toFixed(0)} ms (${fileMb.toFixed(0)} MB file)`);

  const warm = await timeStart(notaryDir, true);
  line('start, tree file warm', `${warm.ms.toFixed(0)} ms (${warm.notary.startedFrom?.from}, ${warm.notary.startedFrom?.restored} leaves)`);
  start = performance.now();
  const verified = await warm.notary.backgroundVerification();
  const backgroundMs = performance.now() - start;
  line('background verification after it', `${backgroundMs.toFixed(0)} ms (${verified?.checked} events, ${verified?.found.length} found)`);

  start = performance.now();
  const audit = await warm.notary.auditStore();
  const auditMs = performance.now() - start;
  line('full auditStore pass', `${auditMs.toFixed(0)} ms (${Math.round((audit.checked / auditMs) * 1000)} events/s)`);

  let lastId = '';
  for await (const event of store.readAll({ fromPosition: BigInt(TOTAL), maxCount: 1 })) lastId = event.eventId;
  start = performance.now();
  warm.notary.inclusionProof(lastId);
  const firstProofMs = performance.now() - start;
  start = performance.now();
  warm.notary.inclusionProof(lastId);
  const nextProofMs = performance.now() - start;
  line('first inclusion proof (builds id map)', `${firstProofMs.toFixed(0)} ms, then ${nextProofMs.toFixed(2)} ms`);
  await warm.notary.stop();

  const figures = {
    startWithoutTreeFileMs: Math.round(plain.ms),
    startTreeFileMissingMs: Math.round(cold.ms),
    startTreeFileWarmMs: Math.round(warm.ms),
    backgroundVerificationMs: Math.round(backgroundMs),
    auditStoreMs: Math.round(auditMs),
    firstInclusionProofMs: Math.round(firstProofMs),
    treeFileMb: Math.round(fileMb),
  };
  console.log(JSON.stringify({ bench: 'notary-start', events: TOTAL, figures, targetsMet: warm.ms < 2000 }));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: Error) => {
  console.error(`bench:notary failed: ${error.message}`);
  process.exitCode = 1;
});
