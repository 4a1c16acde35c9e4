import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock, SqliteEventStore, type EventToAppend } from '@plan-ledger/event-store';
import { ALARMS_CLEARED, NOTARY_STREAM_ID, Notary, NotaryError, readCheckpointFile } from '@plan-ledger/notary';

const ORIGIN = 'plan-ledger.test/log';
const event = (i: number): EventToAppend => ({
  type: 'ActionAdded',
  data: { n: i },
  metadata: { occurredAt: { from: '2017-06', precision: 'month' }, actor: { id: 'u', role: 'editor' } },
});

describe('a notary that never signs over damage', () => {
  let dir: string;
  let store: SqliteEventStore;
  const clock = new ManualClock('2026-02-01T09:00:00.000Z');
  const dbPath = () => join(dir, 'ledger.db');
  const notaryDir = () => join(dir, 'notary');
  const notary = (options: Partial<ConstructorParameters<typeof Notary>[0]> = {}) =>
    new Notary({ store, clock, dir: notaryDir(), origin: ORIGIN, dataDir: dir, ...options });
  const alter = (position: number) => {
    const db = new Database(dbPath());
    const row = db.prepare('SELECT canonical FROM events WHERE position = ?').get(position) as { canonical: Buffer };
    db.prepare('UPDATE events SET canonical = ? WHERE position = ?').run(
      Buffer.from(row.canonical.toString('utf8').replace('"n":', '"n" :')),
      position,
    );
    db.close();
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-alarms-'));
    store = new SqliteEventStore({ path: dbPath(), clock });
    for (let i = 1; i <= 12; i++) await store.append(`plan-${i % 3}`, [event(i)], { expectedRevision: 'any' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to sign after a restart finds an event altered, and says why', async () => {
    const first = notary();
    await first.start();
    await first.checkpoint();
    await first.stop();
    alter(5);
    const second = notary();
    await second.start();
    try {
      expect(second.alarms.join('\n')).toMatch(/no longer have the root it signed/);
      await store.append('plan-x', [event(13)], { expectedRevision: 'any' });
      await expect(second.checkpoint()).rejects.toMatchObject({ code: 'ALARMS_STANDING' });
      expect(readCheckpointFile(join(notaryDir(), 'checkpoints.ndjson')).notes).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('finds an edited row without a restart, naming its position, when it reads the store again', async () => {
    const live = notary();
    await live.start();
    try {
      expect(live.alarms).toEqual([]);
      alter(7);
      const audit = await live.auditStore();
      expect(audit.checked).toBe(12);
      expect(audit.found).toEqual([expect.stringMatching(/^the event at position 7 \(.+\) no longer has the bytes the notary hashed/)]);
      expect(live.alarms).toEqual(audit.found);
      await expect(live.checkpoint()).rejects.toBeInstanceOf(NotaryError);
    } finally {
      await live.stop();
    }
  });

  it('signs again once an admin has cleared the alarms on the log, and remembers that after a restart', async () => {
    const live = notary();
    await live.start();
    alter(3);
    const { found } = await live.auditStore();
    await store.append(
      NOTARY_STREAM_ID,
      [{ type: ALARMS_CLEARED, data: { alarms: [...found], reason: 'restored from the witnessed backup' }, metadata: event(0).metadata }],
      { expectedRevision: 'no_stream' },
    );
    await live.catchUp();
    expect(live.alarms).toEqual([]);
    expect(live.clearedAlarms).toEqual(found);
    await expect(live.checkpoint()).resolves.toMatchObject({ size: 13n });
    await live.stop();
  });

  it('sets aside a checkpoint line cut short, naming the file and line, and keeps serving', async () => {
    const first = notary();
    await first.start();
    await first.checkpoint();
    await first.stop();
    const path = join(notaryDir(), 'checkpoints.ndjson');
    appendFileSync(path, '{"note":"plan-ledger.test/log\\n13\\n');
    const second = notary();
    await second.start();
    try {
      expect(second.alarms).toEqual([`${path} line 2 was set aside: not JSON (cut short or altered)`]);
      expect(second.checkpoints).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('raises an alarm when the key was lost and a new one made, or replaced', async () => {
    const first = notary();
    await first.start();
    await first.checkpoint();
    await first.stop();
    rmSync(join(notaryDir(), 'notary-ed25519.pem'));
    const second = notary();
    expect(second.alarms.join('\n')).toMatch(/was missing: a new key was made/);
    expect(second.alarms.join('\n')).toMatch(/the signing key changed/);
  });

  it('reads the key from a file kept apart from the data, and reports a key kept in the data folder as a weakness', () => {
    const apart = mkdtempSync(join(tmpdir(), 'ledger-key-'));
    try {
      const file = join(apart, 'notary.pem');
      writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
      chmodSync(file, 0o600);
      const kept = notary({ key: { file } });
      expect(kept.key).toEqual({ location: 'file', weaknesses: [] });
      expect(readFileSync(join(notaryDir(), 'notary.pub'), 'utf8').trim()).toBe(kept.publicKey);
      expect(notary({ dir: join(dir, 'other-notary') }).key.weaknesses).toEqual([
        expect.stringMatching(/^the signing key is kept in the data folder/),
      ]);
      expect(() => notary({ key: { file: join(apart, 'absent.pem') } })).toThrow(
        /absent\.pem: the notary's signing key cannot be read \(ENOENT\)/,
      );
    } finally {
      rmSync(apart, { recursive: true, force: true });
    }
  });

  it('keeps following when a scheduled signature fails, saying why, instead of ending the process', async () => {
    const live = notary({ everyEvents: 1 });
    await live.start();
    try {
      // A lock that never goes away (a directory where the lock file would be): every signature attempt fails.
      mkdirSync(join(notaryDir(), 'checkpoints.ndjson.lock'), { recursive: true });
      await store.append('plan-z', [event(13)], { expectedRevision: 'any' });
      for (let i = 0; i < 100 && live.signing === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(live.signing).toMatch(
        /^signing a checkpoint failed \(.*checkpoints\.ndjson\.lock: another process has held the checkpoint lock/,
      );
      await store.append('plan-z', [event(14)], { expectedRevision: 'any' });
      await live.catchUp();
      expect(live.size).toBe(14);
    } finally {
      await live.stop();
    }
  }, 30_000);

  it('never writes checkpoints out of order, whichever of two notaries on one store signs', async () => {
    const a = notary();
    const b = notary();
    await a.start();
    await b.start();
    try {
      for (let i = 13; i <= 30; i++) {
        await store.append('plan-y', [event(i)], { expectedRevision: 'any' });
        // b signs first only after a saw more: the file must still only grow.
        if (i % 2) {
          await b.checkpoint();
          await a.checkpoint();
        } else {
          await a.checkpoint();
          await b.checkpoint();
        }
      }
      const sizes = readCheckpointFile(join(notaryDir(), 'checkpoints.ndjson')).notes.map(({ note }) => Number(note.split('\n')[1]));
      expect(sizes).toEqual([...sizes].sort((x, y) => x - y));
      expect(new Set(sizes).size).toBe(sizes.length);
      expect(a.alarms).toEqual([]);
      expect(b.alarms).toEqual([]);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
