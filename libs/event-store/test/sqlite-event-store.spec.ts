import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { ManualClock, SqliteEventStore, StoreUnavailable } from '@plan-ledger/event-store';
import { LAST_POSITION_RECORDED_BY_SQL } from '../src/sqlite/sqlite-event-store';
import { anEvent, collect } from './support/events';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

describe('SqliteEventStore on a file', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
    path = join(dir, 'nested', 'ledger.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its folder and file, in WAL mode with synchronous=FULL by default', async () => {
    const store = new SqliteEventStore({ path });
    await store.append('plan-1', [anEvent()], { expectedRevision: 'no_stream' });
    expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'FULL' });
    await store.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 1 });
    db.close();
    expect(store.describe()).toEqual({ kind: 'sqlite', location: path });
  });

  it('honours a configured synchronous level', () => {
    const store = new SqliteEventStore({ path, synchronous: 'NORMAL' });
    // The setting is per connection, so it is read through the store's own.
    expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 'NORMAL' });
    return store.close();
  });

  it('keeps every event and its exact bytes across a restart', async () => {
    const first = new SqliteEventStore({ path });
    const appended = await first.append('plan-1', [anEvent(), anEvent({ type: 'ActionAdded' })], { expectedRevision: 'no_stream' });
    await first.close();

    const second = new SqliteEventStore({ path });
    const read = await collect(second.readAll());
    expect(read.map((e) => e.canonical.toString('hex'))).toEqual(appended.events.map((e) => e.canonical.toString('hex')));
    expect(read.map((e) => e.position)).toEqual([1n, 2n]);
    expect(await second.headPosition()).toBe(2n);
    await second.close();
  });

  it('reports a database held busy by another writer as StoreUnavailable, after waiting its bound, and stores nothing', async () => {
    const store = new SqliteEventStore({ path, busyTimeoutMs: 200 });
    await store.append('plan-1', [anEvent()], { expectedRevision: 'no_stream' });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    await expect(store.append('plan-1', [anEvent()], { expectedRevision: 0n })).rejects.toBeInstanceOf(StoreUnavailable);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    other.exec('ROLLBACK');
    other.close();
    expect(await collect(store.readStream('plan-1'))).toHaveLength(1);
    await store.append('plan-1', [anEvent()], { expectedRevision: 0n });
    await store.close();
  });

  it('refuses to work once closed', async () => {
    const store = new SqliteEventStore({ path });
    await store.close();
    await expect(store.append('plan-1', [anEvent()], { expectedRevision: 'any' })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('lets two OS processes append to one file without loss or corruption, reporting their conflicts', async () => {
    const worker = join(here, 'support', 'append-worker.ts');
    const perWorker = 150;
    const startAt = String(Date.now() + 1_500);
    const spawnWorker = (name: string) =>
      run(process.execPath, ['--import', 'tsx', worker, path, name, 'plan-shared', String(perWorker), startAt], {
        cwd: join(here, '..', '..', '..'),
      });
    const outputs = await Promise.all([spawnWorker('a'), spawnWorker('b')]);
    const results = outputs.map((o) => JSON.parse(o.stdout) as { createdShared: boolean; conflicts: number; appended: string[] });

    expect(results.filter((r) => r.createdShared)).toHaveLength(1);
    const store = new SqliteEventStore({ path });
    const all = await collect(store.readAll());
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
    const appendedIds = results.flatMap((r) => r.appended);
    expect(new Set(all.map((e) => e.eventId))).toEqual(
      new Set([...appendedIds, ...all.filter((e) => e.type === 'PlanCreated').map((e) => e.eventId)]),
    );
    expect(all).toHaveLength(perWorker * 4 + 1);
    const shared = await collect(store.readStream('plan-shared'));
    expect(shared.map((e) => e.revision)).toEqual(shared.map((_, i) => BigInt(i)));
    expect(shared).toHaveLength(perWorker * 2);
    for (let i = 1; i < all.length; i++) expect(all[i].recordedAt >= all[i - 1].recordedAt).toBe(true);
    await store.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('finds the last position recorded by an instant with one seek of events_by_recorded_at, never a scan', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    const store = new SqliteEventStore({ path, clock, synchronous: 'NORMAL' });
    expect(await store.positionRecordedBy('2030-01-01T00:00:00.000Z')).toBe(0n);
    for (let i = 0; i < 300; i++) {
      // Every third append with the clock stepped back: recordedAt holds, so ties are many and the log stays sorted.
      clock.advance(i % 3 === 2 ? -5_000 : 60_000);
      await store.append(`plan-${i % 7}`, [anEvent(), anEvent()], { expectedRevision: 'any' });
    }
    await store.close();

    const db = new Database(path, { readonly: true });
    const plan = db.prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN ${LAST_POSITION_RECORDED_BY_SQL}`).all('2026-01-01');
    expect(plan.map((step) => step.detail)).toEqual(['SEARCH events USING COVERING INDEX events_by_recorded_at (recorded_at<?)']);
    const maxPosition = db.prepare<[string], { position: number | null }>(
      'SELECT MAX(position) AS position FROM events WHERE recorded_at <= ?',
    );
    const instants = db.prepare<[], { recorded_at: string }>('SELECT DISTINCT recorded_at FROM events').all();
    const reopened = new SqliteEventStore({ path });
    for (const { recorded_at: at } of instants.filter((_, i) => i % 10 === 0)) {
      const before = new Date(Date.parse(at) - 1).toISOString();
      expect(await reopened.positionRecordedBy(at)).toBe(BigInt(maxPosition.get(at)!.position!));
      expect(await reopened.positionRecordedBy(before)).toBe(BigInt(maxPosition.get(before)?.position ?? 0));
    }
    db.close();
    await reopened.close();
  });
});
