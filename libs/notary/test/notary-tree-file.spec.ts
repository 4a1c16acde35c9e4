import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock, SqliteEventStore, type EventToAppend } from '@plan-ledger/event-store';
import { Notary, verifyConsistency, verifyInclusion } from '@plan-ledger/notary';
import { TREE_FILE_NAME, headerOf, recordOffset } from '../src/log/leaves-file';

const ORIGIN = 'plan-ledger.test/log';
const event = (i: number): EventToAppend => ({
  type: 'ActionAdded',
  data: { n: i },
  metadata: { occurredAt: { from: '2017-06', precision: 'month' }, actor: { id: 'u', role: 'editor' } },
});

describe('a notary that keeps its tree on disk', () => {
  let dir: string;
  let store: SqliteEventStore;
  const clock = new ManualClock('2026-02-01T09:00:00.000Z');
  const dbPath = () => join(dir, 'ledger.db');
  const notaryDir = () => join(dir, 'notary');
  const treePath = () => join(notaryDir(), TREE_FILE_NAME);
  const notary = (treeFile = true) => new Notary({ store, clock, dir: notaryDir(), origin: ORIGIN, dataDir: dir, treeFile });
  const append = async (from: number, to: number) => {
    for (let i = from; i <= to; i++) await store.append(`plan-${i % 3}`, [event(i)], { expectedRevision: 'any' });
  };
  /** Runs a notary with the tree file once, signing a checkpoint of the first `signed` events. */
  const firstRun = async (signed: number) => {
    const first = notary();
    await first.start();
    expect(first.startedFrom?.from).toBe('log');
    await first.checkpoint();
    expect(first.size).toBe(signed);
    await first.stop();
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-tree-file-'));
    store = new SqliteEventStore({ path: dbPath(), clock });
    await append(1, 37);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts from the file with the same roots and proofs as a full rebuild, and catches up what came after', async () => {
    await firstRun(37);
    await append(38, 45);
    const resumed = notary();
    await resumed.start();
    const rebuilt = new Notary({ store, clock, dir: join(dir, 'other'), origin: ORIGIN });
    await rebuilt.start();
    try {
      expect(resumed.startedFrom).toMatchObject({ from: 'tree-file', restored: 37 });
      expect(resumed.size).toBe(45);
      for (const to of [1, 2, 13, 32, 37, 45]) expect(resumed.consistencyProof(1, to)).toEqual(rebuilt.consistencyProof(1, to));
      for (const from of [1, 5, 16, 37]) {
        const proof = resumed.consistencyProof(from, 45);
        expect(proof).toEqual(rebuilt.consistencyProof(from, 45));
        expect(() => verifyConsistency(proof.from, proof.to, proof.fromRoot, proof.toRoot, proof.proof)).not.toThrow();
      }
      const ids: string[] = [];
      for await (const e of store.readAll()) ids.push(e.eventId);
      for (const id of [ids[0], ids[20], ids[36], ids[40]]) {
        const proof = resumed.inclusionProof(id);
        expect(proof).toEqual(rebuilt.inclusionProof(id));
        expect(() => verifyInclusion(proof.leafHash, proof.leafIndex, proof.treeSize, proof.proof, proof.rootHash)).not.toThrow();
      }
      expect(await resumed.backgroundVerification()).toEqual({ checked: 45, found: [] });
      expect(resumed.alarms).toEqual([]);
    } finally {
      await resumed.stop();
      await rebuilt.stop();
    }
  });

  it('drops a leaf cut short by a crash, and rewrites it from the store', async () => {
    await firstRun(37);
    await append(38, 40);
    const second = notary();
    await second.start();
    await second.checkpoint();
    await second.stop();
    const whole = statSync(treePath()).size;
    writeFileSync(treePath(), readFileSync(treePath()).subarray(0, whole - 20));
    const third = notary();
    await third.start();
    try {
      // The checkpoint at 40 is no longer whole in the file: the one at 37 vouches for it, and 38..40 are read again.
      expect(third.startedFrom).toMatchObject({ from: 'tree-file', restored: 37 });
      expect(third.size).toBe(40);
      expect(third.alarms).toEqual([]);
      expect(await third.backgroundVerification()).toEqual({ checked: 40, found: [] });
    } finally {
      await third.stop();
    }
    expect(statSync(treePath()).size).toBe(whole);
  });

  it('ignores bytes appended past the last whole record', async () => {
    await firstRun(37);
    appendFileSync(treePath(), Buffer.alloc(30, 7));
    const second = notary();
    await second.start();
    try {
      expect(second.startedFrom).toMatchObject({ from: 'tree-file', restored: 37 });
      expect(second.alarms).toEqual([]);
    } finally {
      await second.stop();
    }
    expect(statSync(treePath()).size).toBe(recordOffset(headerOf(ORIGIN).length, 37));
  });

  it('falls back to reading the whole log when the file disagrees with the checkpoint, and raises no alarm for it', async () => {
    await firstRun(37);
    const bytes = readFileSync(treePath());
    // A leaf of the last record, under the checkpoint's root.
    bytes[recordOffset(headerOf(ORIGIN).length, 36) + 30] ^= 0xff;
    writeFileSync(treePath(), bytes);
    const second = notary();
    await second.start();
    try {
      expect(second.startedFrom?.from).toBe('log');
      expect(second.startedFrom?.reason).toMatch(/not the signed root/);
      expect(second.alarms).toEqual([]);
      expect(await second.backgroundVerification()).toBeUndefined();
    } finally {
      await second.stop();
    }
    const third = notary();
    await third.start();
    try {
      expect(third.startedFrom).toMatchObject({ from: 'tree-file', restored: 37 });
    } finally {
      await third.stop();
    }
  });

  it('falls back when the file is missing or names another log, and writes it anew', async () => {
    await firstRun(37);
    rmSync(treePath());
    const second = notary();
    await second.start();
    await second.stop();
    expect(second.startedFrom?.reason).toMatch(/does not exist/);
    writeFileSync(treePath(), Buffer.concat([headerOf('another/log'), readFileSync(treePath()).subarray(headerOf(ORIGIN).length)]));
    const third = notary();
    await third.start();
    await third.stop();
    expect(third.startedFrom?.reason).toMatch(/not a tree file of the log/);
    expect(third.alarms).toEqual([]);
    const fourth = notary();
    await fourth.start();
    await fourth.stop();
    expect(fourth.startedFrom).toMatchObject({ from: 'tree-file', restored: 37 });
  });

  it('finds a stored event altered while it was down, in the background pass', async () => {
    await firstRun(37);
    const db = new Database(dbPath());
    const row = db.prepare('SELECT canonical FROM events WHERE position = ?').get(5) as { canonical: Buffer };
    db.prepare('UPDATE events SET canonical = ? WHERE position = ?').run(
      Buffer.from(row.canonical.toString('utf8').replace('"n":', '"n" :')),
      5,
    );
    db.close();
    const second = notary();
    await second.start();
    try {
      expect(second.startedFrom?.from).toBe('tree-file');
      const verified = await second.backgroundVerification();
      expect(verified?.found.join('\n')).toMatch(/position 5 .* it was altered/);
      expect(second.alarms.join('\n')).toMatch(/position 5 .* it was altered/);
      await expect(second.checkpoint()).rejects.toMatchObject({ code: 'ALARMS_STANDING' });
    } finally {
      await second.stop();
    }
  });

  it('finds a damaged kept hash that the signed root does not cover, and deletes the file', async () => {
    await firstRun(37);
    const bytes = readFileSync(treePath());
    // Leaf 1 (index 1) completed the parent of leaves 0 and 1: no root at 37 uses that parent.
    bytes[recordOffset(headerOf(ORIGIN).length, 1) + 56] ^= 0xff;
    writeFileSync(treePath(), bytes);
    const second = notary();
    await second.start();
    try {
      expect(second.startedFrom?.from).toBe('tree-file');
      const verified = await second.backgroundVerification();
      expect(verified?.found.join('\n')).toMatch(/level 1, index 0 .* tree file was damaged/);
      expect(existsSync(treePath())).toBe(false);
    } finally {
      await second.stop();
    }
  });
});
