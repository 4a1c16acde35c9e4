import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalText, type JsonObject } from '@plan-ledger/event-store';
import { leafHash, openCheckpoint, parseVerifierKey, verifyConsistency, verifyInclusion } from '@plan-ledger/notary';
import { graphql } from './support/graphql';

/** What `history` answers when only event ids (and types) are selected. */
type HistoryIds = { history: { edges: { node: { eventId: string; type?: string } }[] } };
import { startApp, type RunningApp } from './support/running-app';
import { runLedger, type LedgerRun } from './support/cli';

/** The `ledger` command line as a user runs it: a separate process on the service's data dir. */
function ledger(dataDir: string, ...args: string[]): Promise<LedgerRun> {
  return runLedger(args, { LEDGER_DATA_DIR: dataDir });
}

const b64 = (text: string): Buffer => Buffer.from(text, 'base64');

describe('auditors: a notarised log, exported, verified and replayed', () => {
  let running: RunningApp;
  let out: string;
  let bundle: string;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
    out = mkdtempSync(join(tmpdir(), 'ledger-audit-'));
    bundle = join(out, 'bundle');
  });
  afterAll(async () => {
    await running.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('exports a bundle that verifies offline, and replays it to the very bytes the API answers at the same cut', async () => {
    const exported = await ledger(running.dataDir, 'export', '--out', bundle);
    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(exported.stdout).toMatch(/^exported 29 events and \d+ checkpoints? to /);

    const verified = await ledger(running.dataDir, 'verify', bundle);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^OK 29 events, \d+ checkpoints?, root /);

    for (const asOf of [undefined, '2017-07-01']) {
      // authorityReport is a JSON scalar: the report as canonical JSON would print it.
      const api = await graphql<{ authorityReport: JsonObject & { knownAt: string } }>(
        running.baseUrl,
        `
          query ($asOf: String) {
            authorityReport(laCode: "885", asOf: $asOf)
          }
        `,
        { asOf },
      );
      expect(api.errors).toBeUndefined();
      const report = api.data!.authorityReport;
      const args = ['replay', bundle, '--known-at', report.knownAt, '--authority', '885', '--json', ...(asOf ? ['--as-of', asOf] : [])];
      const replayed = await ledger(running.dataDir, ...args);
      expect(replayed.code).toBe(0);
      expect(replayed.stdout.trim()).toBe(canonicalText(report));
    }

    const readable = await ledger(running.dataDir, 'replay', bundle, '--known-at', new Date().toISOString(), '--authority', '885');
    expect(readable.stdout).toContain('Worcestershire (885, West Midlands)');
    expect(readable.stdout).toMatch(/March\/April 2017\s+review\s+Commissioner's review/);
  });

  it('names a tampered bundle and exits non-zero', async () => {
    const events = join(bundle, 'events.ndjson');
    const clean = readFileSync(events);
    writeFileSync(events, clean.toString('utf8').replace('"name":"Worcestershire"', '"name":"Worcestershira"'));
    const verified = await ledger(running.dataDir, 'verify', bundle);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/^FAILED CHECKPOINT_ROOT at position 1: /);
    const replayed = await ledger(running.dataDir, 'replay', bundle, '--known-at', new Date().toISOString());
    expect(replayed.code).toBe(2);
    expect(replayed.stderr).toMatch(/^ledger: the bundle does not verify: .*\(CHECKPOINT_ROOT\)\n$/);
    writeFileSync(events, clean);
  });

  it('proves an event to a third party, and checks a minuted checkpoint', async () => {
    const history = await graphql<HistoryIds>(
      running.baseUrl,
      `
        {
          history(streamId: "authority-344") {
            edges {
              node {
                eventId
              }
            }
          }
        }
      `,
    );
    const eventId = history.data!.history.edges[2].node.eventId;
    const proved = await ledger(running.dataDir, 'prove', bundle, '--event', eventId);
    expect(proved.code).toBe(0);
    const proof = JSON.parse(proved.stdout) as {
      checkpoint: string;
      leafInput: string;
      leafIndex: number;
      treeSize: number;
      proof: string[];
    };
    const key = parseVerifierKey(readFileSync(join(bundle, 'notary.pub'), 'utf8'));
    const checkpoint = openCheckpoint(proof.checkpoint, key);
    expect(() =>
      verifyInclusion(leafHash(Buffer.from(proof.leafInput)), proof.leafIndex, proof.treeSize, proof.proof.map(b64), checkpoint.rootHash),
    ).not.toThrow();

    const minutes = join(out, 'minuted-checkpoint.txt');
    writeFileSync(minutes, proof.checkpoint);
    const extended = await ledger(running.dataDir, 'verify', bundle, '--checkpoint', minutes);
    expect(extended.code).toBe(0);
    expect(extended.stdout).toContain('the minuted checkpoint is extended by this log');
  });

  it('answers checkpoints and proofs over GraphQL that verify with any RFC 6962 verifier', async () => {
    const status = await graphql<{ notaryStatus: { publicKey: string; treeSize: number; alarms: string[] } }>(
      running.baseUrl,
      `
        {
          notaryStatus {
            publicKey
            treeSize
            alarms
          }
        }
      `,
    );
    expect(status.data?.notaryStatus).toMatchObject({ alarms: [] });
    const key = parseVerifierKey(status.data!.notaryStatus.publicKey);

    const signed = await graphql<{ signCheckpoint: { size: number; rootHash: string; note: string } }>(
      running.baseUrl,
      `
        mutation {
          signCheckpoint {
            size
            rootHash
            note
          }
        }
      `,
    );
    const latest = openCheckpoint(signed.data!.signCheckpoint.note, key);
    expect(latest.size).toBe(29n);

    const history = await graphql<HistoryIds>(
      running.baseUrl,
      `
        {
          history(streamId: "authority-877") {
            edges {
              node {
                eventId
              }
            }
          }
        }
      `,
    );
    const eventId = history.data!.history.edges[0].node.eventId;
    const inclusion = await graphql<{
      inclusionProof: { leafIndex: number; treeSize: number; leafHash: string; rootHash: string; proof: string[] };
    }>(
      running.baseUrl,
      `
        query ($id: String!) {
          inclusionProof(eventId: $id, treeSize: 29) {
            leafIndex
            treeSize
            leafHash
            rootHash
            proof
          }
        }
      `,
      { id: eventId },
    );
    const p = inclusion.data!.inclusionProof;
    expect(p.rootHash).toBe(latest.rootHash.toString('base64'));
    expect(() => verifyInclusion(b64(p.leafHash), p.leafIndex, p.treeSize, p.proof.map(b64), latest.rootHash)).not.toThrow();

    const consistency = await graphql<{ consistencyProof: { fromRoot: string; toRoot: string; proof: string[] } }>(
      running.baseUrl,
      `
        {
          consistencyProof(from: 10, to: 29) {
            fromRoot
            toRoot
            proof
          }
        }
      `,
    );
    const c = consistency.data!.consistencyProof;
    expect(() => verifyConsistency(10, 29, b64(c.fromRoot), latest.rootHash, c.proof.map(b64))).not.toThrow();

    const unknown = await graphql<unknown>(
      running.baseUrl,
      `
        {
          inclusionProof(eventId: "0b7d5c1e-6f4a-4c1e-9d1a-1a2b3c4d5e6f") {
            treeSize
          }
        }
      `,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const tooBig = await graphql<unknown>(
      running.baseUrl,
      `
        {
          consistencyProof(from: 10, to: 500) {
            toRoot
          }
        }
      `,
    );
    expect(tooBig.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'treeSize' }] });
  });

  it('says what was learnt about a date between two moments, and who recorded it', async () => {
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const history = await graphql<HistoryIds>(
      running.baseUrl,
      `
        {
          history(streamId: "authority-885") {
            edges {
              node {
                eventId
                type
              }
            }
          }
        }
      `,
    );
    const visit = history.data!.history.edges.find((e) => e.node.type === 'MonitoringVisitLogged')!.node.eventId;
    const corrected = await graphql<unknown>(
      running.baseUrl,
      `
        mutation ($input: CorrectEventInput!) {
          correctEvent(input: $input) {
            revision
          }
        }
      `,
      {
        input: { streamId: 'authority-885', eventId: visit, changes: { areasCovered: ['help and protection'] }, reason: 'from the letter' },
      },
    );
    expect(corrected.errors).toBeUndefined();
    const after = new Date(Date.now() + 1000).toISOString();

    const diff = await graphql<{ knowledgeDiff: unknown[] }>(
      running.baseUrl,
      `
        query ($k: String!, $v: String!) {
          knowledgeDiff(laCode: "885", asOf: "2017-06-01", knownAt: $k, vs: $v) {
            kind
            type
            names
            reason
            actor {
              id
              role
            }
          }
        }
      `,
      { k: before, v: after },
    );
    expect(diff.data?.knowledgeDiff).toEqual([
      {
        kind: 'correction',
        type: 'EventCorrected',
        names: visit,
        reason: 'from the letter',
        actor: { id: 'local:development-principal', role: 'inspection-data (local user, no identity provider)' },
      },
    ]);
    const changes = await graphql<{ changesRecorded: unknown[] }>(
      running.baseUrl,
      `
        query ($f: String!, $t: String!) {
          changesRecorded(from: $f, to: $t, laCode: "885") {
            type
            actor {
              id
            }
          }
        }
      `,
      { f: before, t: after },
    );
    expect(changes.data?.changesRecorded).toEqual([{ type: 'EventCorrected', actor: { id: 'local:development-principal' } }]);

    const second = join(out, 'bundle-2');
    await ledger(running.dataDir, 'export', '--out', second);
    const cli = await ledger(
      running.dataDir,
      'diff',
      second,
      '--authority',
      '885',
      '--as-of',
      '2017-06-01',
      '--known-at',
      before,
      '--vs',
      after,
    );
    expect(cli.code).toBe(0);
    // Issue 12: the CLI tells what changed in the domain's words (the event ids stay in --json).
    expect(cli.stdout).toMatch(
      /^correction\s+monitoring visit 1 \(worcestershire-mv-2017-05\): areas covered \(none\) → help and protection \(corrected by development-principal \(local:development-principal\), at \S+, because from the letter\)\n$/,
    );
  });

  it('explains every command with --help, and refuses bad arguments in one line', async () => {
    for (const command of ['export', 'verify', 'replay', 'diff', 'prove']) {
      const help = await ledger(running.dataDir, command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: ledger ${command}`);
    }
    const bad = await ledger(running.dataDir, 'replay', bundle, '--known-at', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('ledger: --known-at must be an ISO 8601 instant\n');
  });
});
