import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteBackupFile } from '@plan-ledger/event-store';
import { leafHash, leafInput, MerkleTree } from '@plan-ledger/notary';
import { ledgerCommand } from './support/cli';
import { registerWorcestershire } from './support/council';
import { graphql, RECORD_RESULT } from './support/graphql';
import { startApp, type RunningApp } from './support/running-app';

const root = fileURLToPath(new URL('..', import.meta.url));
const CREATE = `mutation ($input: CreatePlanInput!) { createPlan(input: $input) { ${RECORD_RESULT} } }`;
const SET = `mutation ($input: SetPriorityInput!) { setPriority(input: $input) { ${RECORD_RESULT} } }`;
const june = { from: '2017-06', precision: 'month', label: 'June 2017' };
const PLANS = ['p0', 'p1', 'p2', 'p3'];

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ledger <args>` as a process, with `env` over the test's own. */
function ledger(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...ledgerCommand(), ...args], { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The stored bytes of a store's file at each position, read without the service: what the restore must reproduce. */
function storedEvents(dataDir: string, upTo = Number.MAX_SAFE_INTEGER): { position: number; canonical: Buffer }[] {
  const file = new SqliteBackupFile(join(dataDir, 'ledger.db'));
  try {
    return [...file.events()].filter((event) => event.position <= upTo);
  } finally {
    file.close();
  }
}

function rootOf(events: readonly { position: number; canonical: Buffer }[]): string {
  const tree = new MerkleTree();
  for (const event of events) tree.append(leafHash(leafInput(BigInt(event.position), event.canonical)));
  return tree.root().toString('base64');
}

const matched = (text: string, pattern: RegExp): string => {
  const found = pattern.exec(text);
  if (!found) throw new Error(`${pattern} not in: ${text}`);
  return found[1];
};

describe('backup and restore you can prove', () => {
  let running: RunningApp;
  let work: string;
  let written = 0;

  /** One writer per plan, so the load is concurrent without the writers conflicting on one stream. */
  const writeUnderLoad = (until: () => boolean): Promise<void> =>
    Promise.all(
      PLANS.map(async (planId) => {
        for (let i = 0; !until(); i++) {
          const response = await graphql(running.baseUrl, SET, {
            input: { planId, priorityId: `${planId}-load-${written}-${i}`, title: `Priority ${i}`, occurredAt: june },
          });
          if (response.errors) throw new Error(`setPriority refused: ${response.raw}`);
          written++;
        }
      }),
    ).then(() => undefined);

  const source = () => ({ LEDGER_DATA_DIR: running.dataDir });

  beforeAll(async () => {
    running = await startApp();
    work = mkdtempSync(join(tmpdir(), 'ledger-backup-'));
    await registerWorcestershire(running.baseUrl);
    for (const planId of PLANS) {
      const created = await graphql(running.baseUrl, CREATE, {
        input: { planId, laCode: '885', title: `Plan ${planId}`, kind: 'priority plan', occurredAt: june },
      });
      if (created.errors) throw new Error(`createPlan refused: ${created.raw}`);
    }
    expect((await graphql(running.baseUrl, 'mutation { signCheckpoint { size } }')).errors).toBeUndefined();
  });
  afterAll(async () => {
    await running.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up while the service writes, and the restored store has the source root at the backup last position', async () => {
    let backupDone = false;
    const load = writeUnderLoad(() => backupDone);
    // Let the load get going, so the copy is taken between writes rather than before them.
    while (written < 8) await new Promise((resolve) => setTimeout(resolve, 20));
    const out = join(work, 'ledger.backup');
    const backup = await ledger(['backup', '--out', out], source());
    const writtenDuringBackup = written;
    backupDone = true;
    await load;

    expect(backup).toMatchObject({ code: 0, stderr: '' });
    expect(backup.stdout).toMatch(/private key is not in the backup/);
    const lastPosition = Number(matched(backup.stdout, /\(last position (\d+)\)/));
    const backupRoot = matched(backup.stdout, /^root (\S+)$/m);
    expect(writtenDuringBackup).toBeGreaterThan(8);
    // The service went on writing past the copy: the snapshot was taken live, not of a stopped store.
    expect(storedEvents(running.dataDir).length).toBeGreaterThan(lastPosition);

    const restoredDir = join(work, 'restored-from-backup');
    const restore = await ledger(['restore', out, '--data-dir', restoredDir]);
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(matched(restore.stdout, /^root (\S+)$/m)).toBe(backupRoot);

    const sourceEvents = storedEvents(running.dataDir, lastPosition);
    const restoredEvents = storedEvents(restoredDir);
    expect(restoredEvents).toEqual(sourceEvents);
    expect(rootOf(restoredEvents)).toBe(rootOf(sourceEvents));
    expect(rootOf(sourceEvents)).toBe(backupRoot);
    // The checkpoints and public key, never the private key.
    expect(readdirSync(join(restoredDir, 'notary')).sort()).toEqual(['checkpoints.ndjson', 'notary.pub']);
    expect(readFileSync(join(restoredDir, 'notary', 'notary.pub'), 'utf8')).toBe(
      readFileSync(join(running.dataDir, 'notary', 'notary.pub'), 'utf8'),
    );
    const checkpoints = Number(matched(restore.stdout, /^(\d+) checkpoints/m));
    expect(checkpoints).toBeGreaterThanOrEqual(1);
  });

  it('restores a verified bundle verbatim, and the restored service signs on with the original key (and alarms without it)', async () => {
    const bundle = join(work, 'bundle');
    const exported = await ledger(['export', '--out', bundle], source());
    expect(exported.code).toBe(0);
    const restoredDir = join(work, 'restored-from-bundle');
    const restore = await ledger(['restore', bundle, '--data-dir', restoredDir]);
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(matched(restore.stdout, /^root (\S+)$/m)).toBe(matched(exported.stdout, /^root (\S+)$/m));

    // Ids, types, data, metadata, recordedAt and positions: the stored bytes at each position are the bundle's lines.
    const lines = storedEvents(restoredDir).map((event) => `${leafInput(BigInt(event.position), event.canonical).toString('utf8')}\n`);
    expect(lines.join('')).toBe(readFileSync(join(bundle, 'events.ndjson'), 'utf8'));

    // Started with the original key, kept apart from the data, the restored service finds nothing wrong and signs on.
    const key = join(work, 'notary-key.pem');
    copyFileSync(join(running.dataDir, 'notary', 'notary-ed25519.pem'), key);
    const withKey = await startApp({ env: { LEDGER_DATA_DIR: restoredDir, LEDGER_NOTARY_KEY_FILE: key } });
    try {
      const health = (await (await fetch(`${withKey.baseUrl}/health`)).json()) as { status: string; notary: { alarms: string[] } };
      expect(health.notary.alarms).toEqual([]);
      expect(health.status).toBe('ok');
      expect((await graphql(withKey.baseUrl, 'mutation { signCheckpoint { size } }')).errors).toBeUndefined();
    } finally {
      await withKey.stop();
    }

    // Without it, a new key is made and the checkpoints signed before cannot be checked with it: alarms, not silence.
    const keyless = join(work, 'restored-without-key');
    expect((await ledger(['restore', bundle, '--data-dir', keyless])).code).toBe(0);
    const withoutKey = await startApp({ env: { LEDGER_DATA_DIR: keyless } });
    try {
      const health = (await (await fetch(`${withoutKey.baseUrl}/health`)).json()) as { status: string; notary: { alarms: string[] } };
      expect(health.status).toBe('degraded');
      expect(health.notary.alarms).toEqual(expect.arrayContaining([expect.stringMatching(/signing key .* was missing/)]));
    } finally {
      await withoutKey.stop();
    }
  });

  it('refuses a tampered bundle, naming the failure, and writes nothing; refuses a data folder that is not empty', async () => {
    const bundle = join(work, 'tampered');
    const exported = await ledger(['export', '--out', bundle], source());
    expect(exported.code).toBe(0);
    const events = join(bundle, 'events.ndjson');
    writeFileSync(events, readFileSync(events, 'utf8').replace('"name":"Worcestershire"', '"name":"Worcestershira"'));

    const target = join(work, 'never-written');
    const refused = await ledger(['restore', bundle, '--data-dir', target]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^REFUSED CHECKPOINT_ROOT: the bundle does not verify at position 1: .*; nothing was restored\n$/);
    expect(existsSync(target)).toBe(false);

    const occupied = join(work, 'occupied');
    mkdirSync(occupied);
    writeFileSync(join(occupied, 'something'), 'x');
    const notEmpty = await ledger(['restore', join(work, 'bundle'), '--data-dir', occupied]);
    expect(notEmpty).toMatchObject({ code: 2, stderr: expect.stringMatching(/^ledger: .* is not empty/) });
    expect(readdirSync(occupied)).toEqual(['something']);
  });

  it('diff-bundles names the exact altered event and exits 1; a later export extends an earlier one and exits 0', async () => {
    const earlier = join(work, 'earlier');
    expect((await ledger(['export', '--out', earlier], source())).code).toBe(0);
    let enough = 0;
    await writeUnderLoad(() => enough++ >= PLANS.length * 3);
    const later = join(work, 'later');
    expect((await ledger(['export', '--out', later], source())).code).toBe(0);

    const extension = await ledger(['diff-bundles', earlier, later]);
    expect(extension).toMatchObject({ code: 0, stdout: expect.stringMatching(/B extends A: its first \d+ events are A's, byte for byte/) });

    const altered = join(work, 'altered');
    cpSync(earlier, altered, { recursive: true });
    const events = join(altered, 'events.ndjson');
    const lines = readFileSync(events, 'utf8').split('\n');
    const target = JSON.parse(lines[2]) as { event: { eventId: string; streamId: string; type: string } };
    lines[2] = lines[2].replace('"title":"Plan p1"', '"title":"Plan p1 (amended)"');
    writeFileSync(events, lines.join('\n'));

    const diff = await ledger(['diff-bundles', earlier, altered]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('B does NOT extend A');
    expect(diff.stdout).toContain(
      `first difference at position 3: event ${target.event.eventId} (stream ${target.event.streamId} revision 0, type ${target.event.type}`,
    );
    expect(diff.stdout).toContain('changed: data.title "Plan p1" -> "Plan p1 (amended)"');
    expect(diff.stdout).toMatch(/^altered: 1 \(positions in A: 3 /m);
  });
});
