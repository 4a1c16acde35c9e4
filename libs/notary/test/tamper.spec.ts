import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock, SqliteEventStore, type EventToAppend } from '@plan-ledger/event-store';
import {
  bundleFiles,
  exportBundle,
  leafHash,
  loadOrCreateKeys,
  MerkleTree,
  Notary,
  signCheckpoint,
  verifierKey,
  verifyBundle,
  verifyMinutedCheckpoint,
} from '@plan-ledger/notary';

const event = (i: number): EventToAppend => ({
  type: i % 2 ? 'ActionAdded' : 'ProgressGraded',
  data: { n: i, note: `entry ${i} – café` },
  metadata: { occurredAt: { from: '2017-06', precision: 'month' }, actor: { id: 'u', role: 'board-member' } },
});

/** A deterministic PRNG, so a failing random case can be replayed from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('tamper evidence', () => {
  let dir: string;
  let bundle: string;
  let store: SqliteEventStore;
  let notary: Notary;
  const clock = new ManualClock('2026-02-01T09:00:00.000Z');
  const dbPath = (): string => join(dir, 'data', 'ledger.db');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-tamper-'));
    store = new SqliteEventStore({ path: dbPath(), clock });
    notary = new Notary({ store, clock, dir: join(dir, 'data', 'notary'), origin: 'plan-ledger.test/log' });
    for (let i = 1; i <= 60; i++) {
      clock.advance(60_000);
      await store.append(`plan-${i % 4}`, [event(i)], { expectedRevision: 'any' });
      if (i === 20 || i === 40) await notary.checkpoint();
    }
    bundle = join(dir, 'bundle');
    await exportBundle(store, notary, join(dir, 'data', 'notary'), bundle);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the clean bundle with one file changed by `change`. */
  function tampered(file: 'events' | 'checkpoints' | 'publicKey', change: (bytes: Buffer) => Buffer): string {
    const copy = mkdtempSync(join(dir, 'copy-'));
    cpSync(bundle, copy, { recursive: true });
    const path = bundleFiles(copy)[file];
    writeFileSync(path, change(readFileSync(path)));
    return copy;
  }
  const eventLines = (bytes: Buffer): string[] => bytes.toString('utf8').split('\n').filter(Boolean);
  const joinLines = (lines: string[]): Buffer => Buffer.from(lines.map((l) => `${l}\n`).join(''));

  it('verifies an untouched bundle: 60 events under 3 checkpoints', () => {
    const report = verifyBundle(bundle);
    expect(report).toMatchObject({ ok: true, events: 60, checkpoints: 3 });
    expect(report.rootHash).toBe(notary.latestCheckpoint()?.rootHash.toString('base64'));
  });

  it.each([1, 17, 33, 60])('names a flipped byte in the event at position %i', (position) => {
    const copy = tampered('events', (bytes) => {
      const lines = eventLines(bytes);
      const line = Buffer.from(lines[position - 1]);
      const at = line.indexOf('"n":') + 4; // inside the data, keeping the JSON valid
      line[at] = line[at] === 0x39 ? 0x38 : line[at] + 1;
      lines[position - 1] = line.toString('utf8');
      return joinLines(lines);
    });
    const report = verifyBundle(copy);
    expect(report.ok).toBe(false);
    expect(report.failure?.check).toBe('CHECKPOINT_ROOT');
    expect(report.failure?.position).toBeLessThanOrEqual(position);
    expect(report.failure?.message).toMatch(/altered, removed or reordered/);
  });

  it('names a deleted event by its position', () => {
    const report = verifyBundle(tampered('events', (bytes) => joinLines(eventLines(bytes).filter((_, i) => i !== 24))));
    expect(report.failure).toMatchObject({ check: 'POSITION_GAP', position: 25 });
  });

  it('names an inserted event by its position', () => {
    const report = verifyBundle(
      tampered('events', (bytes) => {
        const lines = eventLines(bytes);
        return joinLines([...lines.slice(0, 10), lines[3], ...lines.slice(10)]);
      }),
    );
    expect(report.failure).toMatchObject({ check: 'POSITION_GAP', position: 11 });
  });

  it('names two swapped events, even when the positions are renumbered to hide it', () => {
    const swap = (lines: string[]): string[] => {
      const copy = [...lines];
      [copy[30], copy[31]] = [copy[31], copy[30]];
      return copy;
    };
    expect(verifyBundle(tampered('events', (bytes) => joinLines(swap(eventLines(bytes))))).failure).toMatchObject({
      check: 'POSITION_GAP',
      position: 31,
    });
    const renumbered = verifyBundle(
      tampered('events', (bytes) =>
        joinLines(swap(eventLines(bytes)).map((line, i) => line.replace(/,"position":\d+}$/, `,"position":${i + 1}}`))),
      ),
    );
    // Each event here was recorded a minute after the one before, so the swap also runs the clock backwards.
    expect(renumbered.failure).toMatchObject({ check: 'RECORDED_AT_BACKWARDS', position: 32 });
  });

  it('names a log truncated after a checkpoint', () => {
    const report = verifyBundle(tampered('events', (bytes) => joinLines(eventLines(bytes).slice(0, 40))));
    expect(report.failure).toMatchObject({ check: 'LOG_TRUNCATED', position: 41 });
  });

  it('names a changed recordedAt, whether or not it keeps the order', () => {
    const change = (position: number, to: (lines: string[]) => string) =>
      verifyBundle(
        tampered('events', (bytes) => {
          const lines = eventLines(bytes);
          lines[position - 1] = lines[position - 1].replace(/"recordedAt":"[^"]+"/, `"recordedAt":"${to(lines)}"`);
          return joinLines(lines);
        }),
      );
    const recordedAtOf = (line: string): string => /"recordedAt":"([^"]+)"/.exec(line)![1];
    expect(change(10, (lines) => recordedAtOf(lines[8])).failure).toMatchObject({ check: 'CHECKPOINT_ROOT', position: 1 });
    expect(change(10, () => '2026-12-31T00:00:00.000Z').failure).toMatchObject({ check: 'RECORDED_AT_BACKWARDS', position: 11 });
  });

  it('names a checkpoint forged with another key, and a bundle re-signed under another key when the key is pinned', () => {
    const forger = loadOrCreateKeys(mkdtempSync(join(dir, 'forger-')), 'plan-ledger.test/log');
    const forged = signCheckpoint(forger, 60n, Buffer.alloc(32, 7), '2026-02-02T00:00:00.000Z');
    const report = verifyBundle(
      tampered('checkpoints', (bytes) => Buffer.concat([bytes, Buffer.from(`${JSON.stringify({ note: forged.note })}\n`)])),
    );
    expect(report.failure).toMatchObject({ check: 'CHECKPOINT_SIGNATURE' });
    expect(report.failure?.message).toMatch(/checkpoint 4: no signature by plan-ledger.test\/log with key/);

    // Re-sign everything with the forger's key and swap notary.pub: only a pinned key or a minuted checkpoint catches it.
    const copy = tampered('events', (bytes) => {
      const lines = eventLines(bytes);
      lines[4] = lines[4].replace('"n":5', '"n":500');
      return joinLines(lines);
    });
    const tree = new MerkleTree();
    for (const line of eventLines(readFileSync(bundleFiles(copy).events))) tree.append(leafHash(Buffer.from(line)));
    const resigned = signCheckpoint(forger, 60n, tree.root(), '2026-02-02T00:00:00.000Z');
    writeFileSync(bundleFiles(copy).checkpoints, `${JSON.stringify({ note: resigned.note })}\n`);
    writeFileSync(bundleFiles(copy).publicKey, `${verifierKey(forger)}\n`);
    expect(verifyBundle(copy).ok).toBe(true);
    expect(verifyBundle(copy, { pinnedKey: notary.publicKey }).failure).toMatchObject({ check: 'KEY_INVALID' });
    expect(verifyMinutedCheckpoint(copy, notary.checkpoints[0].note).failure).toMatchObject({ check: 'CHECKPOINT_SIGNATURE' });
  });

  it('detects every one of 1,000 random mutations of a bundle', () => {
    const seed = Number(process.env.TAMPER_SEED ?? 20261124);
    const random = mulberry32(seed);
    const pick = (n: number): number => Math.floor(random() * n);
    const files = ['events', 'events', 'events', 'checkpoints', 'publicKey'] as const;
    const clean = Object.fromEntries(
      (['events', 'checkpoints', 'publicKey'] as const).map((f) => [f, readFileSync(bundleFiles(bundle)[f])]),
    );
    const copy = mkdtempSync(join(dir, 'random-'));
    cpSync(bundle, copy, { recursive: true });
    let undetected = 0;
    for (let i = 0; i < 1000; i++) {
      const file = files[pick(files.length)];
      const original = clean[file];
      let mutated: Buffer;
      const kind = pick(5);
      if (kind === 0 || file !== 'events') {
        mutated = Buffer.from(original);
        const at = pick(mutated.length);
        mutated[at] ^= 1 << pick(8);
      } else {
        const lines = eventLines(original);
        const a = pick(lines.length);
        const b = (a + 1 + pick(lines.length - 1)) % lines.length;
        if (kind === 1) lines.splice(a, 1);
        else if (kind === 2) lines.splice(a, 0, lines[b]);
        else if (kind === 3) [lines[a], lines[b]] = [lines[b], lines[a]];
        else lines.length = Math.max(0, lines.length - 1 - pick(10));
        mutated = joinLines(lines);
      }
      writeFileSync(bundleFiles(copy)[file], mutated);
      if (verifyBundle(copy).ok) undetected++;
      writeFileSync(bundleFiles(copy)[file], original);
    }
    expect({ seed, undetected }).toEqual({ seed, undetected: 0 });
    expect(verifyBundle(copy).ok).toBe(true);
  });

  it('raises an alarm, and refuses to vouch, when the SQLite file itself was altered', async () => {
    const db = new Database(dbPath());
    db.prepare(
      'UPDATE events SET canonical = CAST(replace(CAST(canonical AS TEXT), \'"n":7,\', \'"n":70,\') AS BLOB) WHERE position = 7',
    ).run();
    db.close();
    const reopened = new SqliteEventStore({ path: dbPath(), clock });
    const watcher = new Notary({ store: reopened, clock, dir: join(dir, 'data', 'notary'), origin: 'plan-ledger.test/log' });
    await watcher.start();
    expect(watcher.alarms.length).toBeGreaterThan(0);
    expect(watcher.alarms[0]).toMatch(/no longer have the root it signed/);
    await watcher.stop();
    const out = join(dir, 'from-altered-file');
    await exportBundle(reopened, watcher, join(dir, 'data', 'notary'), out);
    expect(verifyBundle(out).failure).toMatchObject({ check: 'CHECKPOINT_ROOT', position: 1 });
    await reopened.close();
  });
});
