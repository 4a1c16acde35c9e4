import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v5 as uuidv5 } from 'uuid';
import { DuplicateCommandId, DuplicateEventId, SqliteEventStore, type EventToAppend, type RecordedEvent } from '@plan-ledger/event-store';
import { anEvent, boardMember, collect } from './support/events';

/** As the command handler derived event ids before the store kept commands. */
const NAMESPACE = '6f1c7a52-2f4e-4d8a-9b1e-3c5d7e9f0a21';
const formerIds = (commandId: string, count: number): string[] =>
  Array.from({ length: count }, (_, index) => uuidv5(`${boardMember.id}/${commandId}/${index}`, NAMESPACE));

const commandEvents = (commandId: string, ...types: string[]): EventToAppend[] =>
  types.map((type) => anEvent({ type, metadata: { ...anEvent().metadata, commandId, correlationId: commandId } }));

const commandRows = (path: string): unknown[] => {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT * FROM commands ORDER BY first_position').all();
  db.close();
  return rows;
};

describe('SqliteEventStore: the commands index', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-commands-'));
    path = join(dir, 'ledger.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * A file as the store left it before `commands` existed: a command's events stored with ids derived from its key,
   * and no commands table.
   */
  async function logFromBeforeCommands(): Promise<RecordedEvent[]> {
    const old = new SqliteEventStore({ path, synchronous: 'NORMAL' });
    await old.append('plan-1', [anEvent({ type: 'PlanCreated' })], { expectedRevision: 'no_stream' });
    const events = commandEvents('board-june', 'ProgressGraded', 'ActionAdded').map((event, i) => ({
      ...event,
      eventId: formerIds('board-june', 2)[i],
    }));
    const recorded = await old.append('plan-1', events, { expectedRevision: 0n });
    await old.close();
    const db = new Database(path);
    db.exec('DROP TABLE commands');
    db.close();
    return [...recorded.events];
  }

  it('adds the table to a file made before it, keeping every event, and keys new commands in it', async () => {
    const before = await logFromBeforeCommands();
    const store = new SqliteEventStore({ path });
    expect((await collect(store.readAll())).map((e) => e.canonical)).toEqual([expect.any(Buffer), ...before.map((e) => e.canonical)]);
    const appended = await store.append('plan-2', commandEvents('board-july', 'PlanCreated'), {
      expectedRevision: 'no_stream',
      idempotency: { commandId: 'board-july' },
    });
    await store.close();
    expect(commandRows(path)).toEqual([
      { actor_id: boardMember.id, command_id: 'board-july', stream_id: 'plan-2', first_position: 4, last_position: 4 },
    ]);
    expect(appended.position).toBe(4n);
  });

  it('recognises a command recorded before the upgrade by its former ids: the same command gets its result, another is refused', async () => {
    const before = await logFromBeforeCommands();
    const store = new SqliteEventStore({ path });
    const same = commandEvents('board-june', 'ProgressGraded', 'ActionAdded');
    const former = { commandId: 'board-june', formerEventIds: formerIds('board-june', 2) };

    const retry = await store.append('plan-1', same, { expectedRevision: 0n, idempotency: former });
    expect(retry).toMatchObject({ alreadyRecorded: true, position: before[1].position });
    expect(retry.events.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));

    await expect(store.append('plan-9', same, { expectedRevision: 'any', idempotency: former })).rejects.toMatchObject({
      code: 'DUPLICATE_EVENT_ID',
      reason: 'it is stored in stream plan-1',
    });
    const changed = [same[0], { ...same[1], data: { other: true } }];
    await expect(store.append('plan-1', changed, { expectedRevision: 0n, idempotency: former })).rejects.toBeInstanceOf(DuplicateEventId);
    expect(await store.headPosition()).toBe(3n);
    await store.close();
  });

  it('rebuilds the index from the envelopes on a restore, so a restored store still refuses a reused command', async () => {
    const source = new SqliteEventStore({ path, synchronous: 'NORMAL' });
    await source.append('plan-1', [anEvent({ type: 'PlanCreated' })], { expectedRevision: 'no_stream' });
    await source.append('plan-1', commandEvents('board-june', 'ProgressGraded', 'ActionAdded'), {
      expectedRevision: 0n,
      idempotency: { commandId: 'board-june' },
    });
    await source.append('plan-2', commandEvents('board-july', 'PlanCreated'), {
      expectedRevision: 'no_stream',
      idempotency: { commandId: 'board-july' },
    });
    // Not keyed, but its metadata names a command: as a log from before commands were kept would.
    await source.append('plan-3', commandEvents('import-1', 'PlanCreated'), { expectedRevision: 'no_stream' });
    const envelopes = (await collect(source.readAll())).map((e) => e.canonical);
    await source.close();
    const keptBySource = commandRows(path);

    const restoredPath = join(dir, 'restored.db');
    const restored = new SqliteEventStore({ path: restoredPath, synchronous: 'NORMAL' });
    restored.restoreVerbatim(envelopes);
    const error = await restored
      .append('plan-4', commandEvents('board-june', 'PlanCreated'), {
        expectedRevision: 'no_stream',
        idempotency: { commandId: 'board-june' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateCommandId);
    const retry = await restored.append('plan-2', commandEvents('board-july', 'PlanCreated'), {
      expectedRevision: 'no_stream',
      idempotency: { commandId: 'board-july' },
    });
    expect(retry).toMatchObject({ alreadyRecorded: true, position: 4n });
    await restored.close();
    expect(commandRows(restoredPath)).toEqual([
      ...keptBySource,
      { actor_id: boardMember.id, command_id: 'import-1', stream_id: 'plan-3', first_position: 5, last_position: 5 },
    ]);
  });

  it('finds a command by its primary key, not by a scan', () => {
    const store = new SqliteEventStore({ path });
    const db = new Database(path, { readonly: true });
    const plan = db
      .prepare<[string, string], { detail: string }>(
        'EXPLAIN QUERY PLAN SELECT first_position, last_position FROM commands WHERE actor_id = ? AND command_id = ?',
      )
      .all('a', 'c');
    expect(plan.map((step) => step.detail)).toEqual(['SEARCH commands USING PRIMARY KEY (actor_id=? AND command_id=?)']);
    db.close();
    return store.close();
  });
});
