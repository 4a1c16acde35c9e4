import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { ManualClock, SqliteEventStore, type EventToAppend } from '@plan-ledger/event-store';
import {
  addSignatureLines,
  bundleFiles,
  exportBundle,
  Notary,
  witnessCheckpoint,
  WitnessRefused,
  type Checkpoint,
} from '@plan-ledger/notary';
import { ledgerCommand } from './support/cli';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ORIGIN = 'plan-ledger.test/log';

async function ledger(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...ledgerCommand(), ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `ledger witness serve` as its operator runs it: its own process, folder and key, on a free port. */
async function startWitness(dir: string, logKey: string): Promise<{ url: string; key: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [...ledgerCommand(), 'witness', 'serve', '--dir', dir, '--log', logKey, '--port', '0', '--name', 'auditor.test/witness'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the witness did not start: ${err}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`the witness exited (${code}): ${err}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const key = /^witness (\S+)$/m.exec(out);
      const url = /^listening on (http:\/\/\S+) /m.exec(out);
      if (key && url) {
        clearTimeout(timer);
        resolve({ url: url[1], key: key[1], child });
      }
    });
  });
}

const event = (i: number): EventToAppend => ({
  type: 'ActionAdded',
  data: { n: i, note: `entry ${i}` },
  metadata: { occurredAt: { from: '2017-06', precision: 'month' }, actor: { id: 'u', role: 'board-member' } },
});

describe('witnesses: tamper evidence that survives whoever controls the server', () => {
  const clock = new ManualClock('2026-02-01T09:00:00.000Z');
  let dir: string;
  let witness: { url: string; key: string; child: ChildProcess };
  let store: SqliteEventStore;
  let notary: Notary;
  const notaryDir = (): string => join(dir, 'data', 'notary');
  const dbPath = (): string => join(dir, 'data', 'ledger.db');
  /** Every checkpoint the witness cosigned, as the log keeps it: its note with the cosignature appended. */
  const cosigned = new Map<string, string>();
  let witnessed = 0;

  async function append(store: SqliteEventStore, from: number, to: number, change: (i: number) => EventToAppend = event): Promise<void> {
    for (let i = from; i <= to; i++) {
      clock.advance(60_000);
      await store.append(`plan-${i % 3}`, [change(i)], { expectedRevision: 'any' });
    }
  }

  /** What the notary's submission to its witnesses does: from the size the witness last cosigned, with a proof. */
  async function submit(of: Notary, checkpoint: Checkpoint, known = witnessed): Promise<string> {
    const size = Number(checkpoint.size);
    const { lines } = await witnessCheckpoint(witness.url, checkpoint.note, size, (from) => of.consistencyProof(from, size).proof, known, {
      witnessKey: witness.key,
    });
    return addSignatureLines(checkpoint.note, lines);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-witness-e2e-'));
    store = new SqliteEventStore({ path: dbPath(), clock });
    notary = new Notary({ store, clock, dir: notaryDir(), origin: ORIGIN });
    witness = await startWitness(join(dir, 'witness'), notary.publicKey);

    for (const to of [20, 40]) {
      await append(store, witnessed + 1, to);
      const checkpoint = await notary.checkpoint();
      cosigned.set(checkpoint.note, await submit(notary, checkpoint));
      witnessed = to;
    }
  });
  afterAll(async () => {
    witness?.child.kill('SIGTERM');
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the same verifier key from `ledger witness key`, and serves what it cosigned to monitors', async () => {
    const key = await ledger('witness', 'key', '--dir', join(dir, 'witness'));
    expect(key).toMatchObject({ code: 0, stdout: `${witness.key}\n` });
    const originHash = createHash('sha256').update(ORIGIN).digest('hex');
    const served = await (await fetch(`${witness.url}/${originHash}/checkpoint`)).text();
    expect(served).toBe(cosigned.get(notary.latestCheckpoint()!.note));
  });

  it('fails `ledger verify --witness` on a bundle whose checkpoints lack its cosignature, and passes it once they carry it', async () => {
    const bundle = join(dir, 'bundle');
    await exportBundle(store, notary, notaryDir(), bundle);
    expect((await ledger('verify', bundle)).code).toBe(0);

    const bare = await ledger('verify', bundle, '--witness', witness.key);
    expect(bare.code).toBe(1);
    expect(bare.stdout).toMatch(
      /^FAILED WITNESS_QUORUM: checkpoint 1 \(size 20, signed .*\) carries 0 valid witness cosignatures of the 1 required/,
    );

    const notes = notary.checkpoints.map((checkpoint) => cosigned.get(checkpoint.note)!);
    writeFileSync(bundleFiles(bundle).checkpoints, notes.map((note) => `${JSON.stringify({ note })}\n`).join(''));
    const ok = await ledger('verify', bundle, '--witness', witness.key);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK 40 events, 2 checkpoints, .*; every checkpoint cosigned by at least 1 of 1 witnesses\n$/);
    const usage = await ledger('verify', bundle, '--witness', witness.key, '--quorum', '2');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^ledger: the quorum must be a whole number from 1 to 1/);
  });

  it("refuses a history rewritten elsewhere and re-signed with the log's stolen key; the forged bundle fails verify --witness", async () => {
    const forgerDir = join(dir, 'forger');
    mkdirSync(join(forgerDir, 'notary'), { recursive: true });
    copyFileSync(join(notaryDir(), 'notary-ed25519.pem'), join(forgerDir, 'notary', 'notary-ed25519.pem'));
    const forgedStore = new SqliteEventStore({ path: join(forgerDir, 'ledger.db'), clock });
    try {
      // The same 40 events but one, then 5 more: signed by the real key, so the log's own checks all pass.
      await append(forgedStore, 1, 45, (i) => (i === 7 ? { ...event(i), data: { n: 7, note: 'rewritten' } } : event(i)));
      const forger = new Notary({ store: forgedStore, clock, dir: join(forgerDir, 'notary'), origin: ORIGIN });
      expect(forger.publicKey).toBe(notary.publicKey);
      const forged = await forger.checkpoint();

      const refusal = await submit(forger, forged).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(WitnessRefused);
      expect((refusal as WitnessRefused).status).toBe(422);
      expect((refusal as WitnessRefused).message).toMatch(/not consistent with the one of size 40 this witness cosigned/);
      // Claiming the witness has never seen the log does not help: it answers with the size it holds.
      const fresh = await fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body: `old 0\n\n${forged.note}` });
      expect(fresh.status).toBe(409);
      expect(await fresh.text()).toBe('40\n');

      const forgedBundle = join(forgerDir, 'bundle');
      await exportBundle(forgedStore, forger, join(forgerDir, 'notary'), forgedBundle);
      expect((await ledger('verify', forgedBundle)).code).toBe(0);
      const verified = await ledger('verify', forgedBundle, '--witness', witness.key);
      expect(verified.code).toBe(1);
      expect(verified.stdout).toMatch(/^FAILED WITNESS_QUORUM: checkpoint 1 /);
    } finally {
      await forgedStore.close();
    }
  });

  it('refuses a log rewritten in place whose checkpoint file was deleted and re-signed from scratch', async () => {
    await store.close();
    const db = new Database(dbPath());
    db.prepare(
      'UPDATE events SET canonical = CAST(replace(CAST(canonical AS TEXT), \'"n":7,\', \'"n":70,\') AS BLOB) WHERE position = 7',
    ).run();
    db.close();
    unlinkSync(join(notaryDir(), 'checkpoints.ndjson'));
    store = new SqliteEventStore({ path: dbPath(), clock });
    // A notary that finds no checkpoints has nothing to compare with: it raises no alarm and signs the new history.
    const resigner = new Notary({ store, clock, dir: notaryDir(), origin: ORIGIN });
    await resigner.start();
    expect(resigner.alarms).toEqual([]);
    const resigned = await resigner.checkpoint();
    await resigner.stop();
    expect(Number(resigned.size)).toBe(40);

    // It starts from scratch (old 0), is told 40, and retries from 40: the same size with another root.
    const refusal = await submit(resigner, resigned, 0).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WitnessRefused);
    expect((refusal as WitnessRefused).status).toBe(422);
    expect((refusal as WitnessRefused).message).toMatch(/equal sizes but different roots/);
  });
});
