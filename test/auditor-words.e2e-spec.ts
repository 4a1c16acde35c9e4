import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStore, systemClock, type EventStore } from '@plan-ledger/event-store';
import { appendCheckpointNote, exportBundle, loadOrCreateKeys, Notary, signCheckpoint, verifyBundle } from '@plan-ledger/notary';
import { runLedger, type LedgerRun } from './support/cli';
import { graphql, RECORD_RESULT } from './support/graphql';
import { startApp, type RunningApp } from './support/running-app';

function ledger(dataDir: string, ...args: string[]): Promise<LedgerRun> {
  return runLedger(args, { LEDGER_DATA_DIR: dataDir });
}

type Recorded = { events: { eventId: string; recordedAt: string }[] };
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('auditors read what changed in plain words, at a cut that is what it says', () => {
  let running: RunningApp;
  let out: string;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
    out = mkdtempSync(join(tmpdir(), 'ledger-words-'));
  });
  afterAll(async () => {
    await running.stop();
    rmSync(out, { recursive: true, force: true });
  });

  async function grade(grade: string): Promise<Recorded> {
    const graded = await graphql<{ gradeProgress: Recorded }>(
      running.baseUrl,
      `mutation ($input: GradeProgressInput!) { gradeProgress(input: $input) { ${RECORD_RESULT} } }`,
      {
        input: {
          planId: 'worcestershire-2017-06',
          target: 'priority',
          targetId: 'family-front-door',
          grade,
          gradedBy: 'board',
          occurredAt: { from: '2017-10', precision: 'month' },
        },
      },
    );
    expect(graded.errors).toBeUndefined();
    return graded.data!.gradeProgress;
  }

  it("tells a correction to a plan created before the window, in the domain's words, in knowledgeDiff and changesRecorded", async () => {
    const graded = await grade('red');
    await tick();
    const before = new Date().toISOString();
    await tick();
    const corrected = await graphql<{ correctEvent: Recorded }>(
      running.baseUrl,
      `mutation ($input: CorrectEventInput!) { correctEvent(input: $input) { ${RECORD_RESULT} } }`,
      {
        input: {
          streamId: 'plan-worcestershire-2017-06',
          eventId: graded.events[0].eventId,
          changes: { grade: 'amber' },
          reason: 'the minutes say amber',
        },
      },
    );
    expect(corrected.errors).toBeUndefined();
    const at = corrected.data!.correctEvent.events[0].recordedAt;
    const after = new Date(Date.now() + 1000).toISOString();
    const expected = {
      kind: 'correction',
      type: 'EventCorrected',
      words:
        "priority family-front-door 'Family Front Door': grade red → amber " +
        `(corrected by development-principal (local:development-principal), at ${at}, because the minutes say amber)`,
    };

    const changes = await graphql<{ changesRecorded: unknown[] }>(
      running.baseUrl,
      `
        query ($f: String!, $t: String!) {
          changesRecorded(from: $f, to: $t, laCode: "885") {
            kind
            type
            words
          }
        }
      `,
      { f: before, t: after },
    );
    expect(changes.errors).toBeUndefined();
    expect(changes.data!.changesRecorded).toEqual([expected]);

    const diff = await graphql<{ knowledgeDiff: unknown[] }>(
      running.baseUrl,
      `
        query ($k: String!, $v: String!) {
          knowledgeDiff(laCode: "885", asOf: "2017-12-01", knownAt: $k, vs: $v) {
            kind
            type
            words
            daysLate
          }
        }
      `,
      { k: before, v: after },
    );
    expect(diff.data!.knowledgeDiff).toEqual([{ ...expected, daysLate: null }]);
  });

  it('calls recorded late only what was recorded more than the stated days after it happened', async () => {
    const before = new Date().toISOString();
    await tick();
    await grade('green');
    const today = new Date().toISOString().slice(0, 10);
    const made = await graphql<unknown>(
      running.baseUrl,
      `
        mutation ($input: MakeAppointmentInput!) {
          makeAppointment(input: $input) {
            revision
          }
        }
      `,
      {
        input: {
          laCode: '885',
          appointmentId: 'words-adviser',
          role: 'improvement adviser',
          name: 'A. Adviser',
          occurredAt: { from: today, precision: 'day' },
        },
      },
    );
    expect(made.errors).toBeUndefined();
    const changes = await graphql<{ changesRecorded: { kind: string; type: string; daysLate: number | null }[] }>(
      running.baseUrl,
      `
        query ($f: String!, $t: String!) {
          changesRecorded(from: $f, to: $t, laCode: "885") {
            kind
            type
            daysLate
          }
        }
      `,
      { f: before, t: new Date(Date.now() + 1000).toISOString() },
    );
    expect(changes.data!.changesRecorded).toEqual([
      { kind: 'recorded late', type: 'ProgressGraded', daysLate: expect.any(Number) },
      { kind: 'entry', type: 'AppointmentMade', daysLate: 0 },
    ]);
  });

  it("names as the cut's headPosition the last event recorded by knownAt, not the head when asked", async () => {
    const status = await graphql<{ notaryStatus: { treeSize: number } }>(running.baseUrl, '{ notaryStatus { treeSize } }');
    const head = status.data!.notaryStatus.treeSize;
    await tick();
    const knownAt = new Date().toISOString();
    await tick();
    await grade('amber');
    const answer = await graphql<{ authority: { cut: { headPosition: string; knownAt: string } } }>(
      running.baseUrl,
      `
        query ($k: String) {
          authority(laCode: "885", knownAt: $k) {
            cut {
              headPosition
              knownAt
            }
          }
        }
      `,
      { k: knownAt },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.authority.cut).toEqual({ headPosition: String(head), knownAt });
    const early = await graphql<{ authority: { cut: { headPosition: string } } }>(
      running.baseUrl,
      `
        {
          authority(laCode: "885", knownAt: "2000-01-01T00:00:00Z") {
            cut {
              headPosition
            }
          }
        }
      `,
    );
    // Nothing had been recorded by then: the authority itself is not found, and says so.
    expect(early.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('shows as of April 2017 a review carried out then, and not yet as published in September', async () => {
    const query = `query ($asOf: String) { authority(laCode: "885", asOf: $asOf) { authority { reviews { reviewId completed { label } published { label } } } } }`;
    const april = await graphql<{ authority: { authority: { reviews: unknown[] } } }>(running.baseUrl, query, { asOf: '2017-04-15' });
    expect(april.errors).toBeUndefined();
    expect(april.data!.authority.authority.reviews).toEqual([
      { reviewId: 'worcestershire-commissioner-review-2017', completed: { label: 'March/April 2017' }, published: null },
    ]);
    const october = await graphql<{ authority: { authority: { reviews: unknown[] } } }>(running.baseUrl, query, { asOf: '2017-10-01' });
    expect(october.data!.authority.authority.reviews).toEqual([
      {
        reviewId: 'worcestershire-commissioner-review-2017',
        completed: { label: 'March/April 2017' },
        published: { label: 'September 2017' },
      },
    ]);
  });

  it('exports and verifies the same number of checkpoints, and checks proofs offline with check-proof', async () => {
    const sign = (): Promise<unknown> => graphql(running.baseUrl, 'mutation { signCheckpoint { size } }');
    await sign();
    await grade('red');
    await sign();
    await grade('amber');
    const bundle = join(out, 'bundle');
    const exported = await ledger(running.dataDir, 'export', '--out', bundle);
    expect(exported.code).toBe(0);
    const [, events, checkpoints] = /^exported (\d+) events and (\d+) checkpoints/.exec(exported.stdout)!;
    expect(Number(checkpoints)).toBeGreaterThanOrEqual(3);
    const verified = await ledger(running.dataDir, 'verify', bundle);
    expect(verified.stdout).toMatch(new RegExp(`^OK ${events} events, ${checkpoints} checkpoints, `));

    const history = await graphql<{ history: { edges: { node: { eventId: string } }[] } }>(
      running.baseUrl,
      '{ history(streamId: "authority-885") { edges { node { eventId } } } }',
    );
    const eventId = history.data!.history.edges[1].node.eventId;
    const proved = await ledger(running.dataDir, 'prove', bundle, '--event', eventId);
    expect(proved.code).toBe(0);
    const proofFile = join(out, 'proof.json');
    writeFileSync(proofFile, proved.stdout);
    const key = join(bundle, 'notary.pub');
    const ok = await ledger(running.dataDir, 'check-proof', proofFile, '--key', key);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(new RegExp(`^OK event ${eventId} is entry \\d+ of the log of ${events} events signed at `));

    const proof = JSON.parse(proved.stdout) as { leafIndex: number; proof: string[] };
    const moved = join(out, 'moved.json');
    writeFileSync(moved, JSON.stringify({ ...proof, proof: [...proof.proof].reverse() }));
    const failed = await ledger(running.dataDir, 'check-proof', moved, '--key', key);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^FAILED the event is not proved to be in the signed log: /);

    const otherKey = join(out, 'other.pub');
    writeFileSync(otherKey, 'plan-ledger.local/log+00000000+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n');
    const unreadable = await ledger(running.dataDir, 'check-proof', proofFile, '--key', otherKey);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/^ledger: .*other\.pub: .*\n$/);
    const missing = await ledger(running.dataDir, 'check-proof', join(out, 'nothing.json'), '--key', key);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^ledger: cannot read the proof .*nothing\.json: ENOENT\n$/) });

    const notes = readFileSync(join(bundle, 'checkpoints.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { note: string }).note);
    const size = (note: string): number => Number(note.split('\n')[1]);
    const [first, last] = [notes[0], notes[notes.length - 1]];
    const consistency = await graphql<{ consistencyProof: unknown }>(
      running.baseUrl,
      `
        query ($from: Int!, $to: Int!) {
          consistencyProof(from: $from, to: $to) {
            from
            to
            fromRoot
            toRoot
            proof
          }
        }
      `,
      { from: size(first), to: size(last) },
    );
    const consistencyFile = join(out, 'consistency.json');
    writeFileSync(consistencyFile, JSON.stringify(consistency.data!.consistencyProof));
    writeFileSync(join(out, 'first.note'), first);
    writeFileSync(join(out, 'last.note'), last);
    const extends_ = await ledger(
      running.dataDir,
      'check-proof',
      consistencyFile,
      '--key',
      key,
      '--from-checkpoint',
      join(out, 'first.note'),
      '--checkpoint',
      join(out, 'last.note'),
    );
    expect(extends_.code).toBe(0);
    expect(extends_.stdout).toMatch(
      new RegExp(`^OK the log of ${size(last)} events signed at .* extends, unaltered, the log of ${size(first)} events`),
    );
    const swapped = await ledger(
      running.dataDir,
      'check-proof',
      consistencyFile,
      '--key',
      key,
      '--from-checkpoint',
      join(out, 'last.note'),
      '--checkpoint',
      join(out, 'first.note'),
    );
    expect(swapped.code).toBe(1);
    expect(swapped.stdout).toMatch(/^FAILED the proof starts from a log of \d+ events, but the earlier checkpoint covers \d+\n$/);
  });

  it('ledger diff prints the words', async () => {
    const before = new Date().toISOString();
    await tick();
    const graded = await grade('red');
    const corrected = await graphql<{ correctEvent: Recorded }>(
      running.baseUrl,
      `mutation ($input: CorrectEventInput!) { correctEvent(input: $input) { ${RECORD_RESULT} } }`,
      {
        input: { streamId: 'plan-worcestershire-2017-06', eventId: graded.events[0].eventId, changes: { grade: 'green' }, reason: 'typo' },
      },
    );
    expect(corrected.errors).toBeUndefined();
    const after = new Date(Date.now() + 1000).toISOString();
    const bundle = join(out, 'bundle-diff');
    expect((await ledger(running.dataDir, 'export', '--out', bundle)).code).toBe(0);
    const diff = await ledger(
      running.dataDir,
      'diff',
      bundle,
      '--authority',
      '885',
      '--as-of',
      '2017-12-01',
      '--known-at',
      before,
      '--vs',
      after,
    );
    expect(diff.code).toBe(0);
    const lines = diff.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^recorded late\s+priority family-front-door 'Family Front Door' graded red, October 2017 \(recorded late by development-principal \(local:development-principal\), at \S+, \d+ days after\)$/,
    );
    expect(lines[1]).toMatch(
      /^correction\s+priority family-front-door 'Family Front Door': grade red → green \(corrected by development-principal \(local:development-principal\), at \S+, because typo\)$/,
    );
    expect(lines[2]).toBe('(recorded late: more than 14 days after it happened)');
  });

  it('exports only the checkpoints of what it exported, even when one is signed meanwhile, and counts them as verify does', async () => {
    const dataDir = mkdtempSync(join(out, 'export-race-'));
    const store: EventStore = openEventStore({ dataDir });
    const append = (n: number): Promise<unknown> =>
      store.append(
        'authority-999',
        [
          {
            type: 'Noted',
            data: { n },
            metadata: { occurredAt: { from: '2020-01-01', precision: 'day' }, actor: { id: 'test', role: 'test' } },
          },
        ],
        { expectedRevision: 'any' },
      );
    try {
      const options = { store, clock: systemClock, dir: join(dataDir, 'notary'), origin: 'plan-ledger.local/log' };
      // The service's notary, signing as it runs; the export's own is a second one on the same files, as with `ledger export`.
      const service = new Notary(options);
      await append(1);
      await service.checkpoint();
      await append(2);
      await service.checkpoint();
      await append(3);
      const bundle = join(out, 'bundle-race');
      let signedMeanwhile = false;
      const summary = await exportBundle(store, new Notary(options), options.dir, bundle, () => {
        if (signedMeanwhile) return;
        signedMeanwhile = true;
        // While the events are written another process records one more and signs a checkpoint of it: no part of
        // this bundle, whose events end before it.
        const keys = loadOrCreateKeys(options.dir, options.origin);
        const later = signCheckpoint(keys, 4n, Buffer.alloc(32, 7), new Date().toISOString());
        appendCheckpointNote(join(options.dir, 'checkpoints.ndjson'), later.note);
      });
      const verified = verifyBundle(bundle);
      expect(verified.failure).toBeUndefined();
      expect({ events: summary.events, checkpoints: summary.checkpoints }).toEqual({ events: 3, checkpoints: 3 });
      expect({ events: verified.events, checkpoints: verified.checkpoints }).toEqual({ events: 3, checkpoints: 3 });
    } finally {
      await store.close();
    }
  });
});
