import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../clock/clock';
import { envelopeOf, recordedEventFrom, recordedEventFromCanonical, toRecordedAt, type EventEnvelope } from '../envelope/event-envelope';
import { canonicalBytes } from '../canonical/canonical-json';
import {
  EventStoreError,
  InvalidReadOption,
  StoreReadOnly,
  StoreUnavailable,
  StreamNotFound,
  WrongExpectedRevision,
} from '../errors/event-store-errors';
import type { AppendOptions, AppendResult } from '../port/append-result';
import type { EventStore, StoreDescription } from '../port/event-store';
import type { EventToAppend } from '../port/event-to-append';
import { satisfiesExpectedRevision, type ExpectedRevision } from '../port/expected-revision';
import type { ReadAllOptions, ReadStreamOptions, RecordedUntil, SubscribeToAllOptions } from '../port/read-options';
import type { RecordedEvent } from '../port/recorded-event';
import { replayOfStoredAppend } from '../idempotency/replay-of-stored-append';
import { commandKeyOf, replayOfCommand, type CommandKey } from '../idempotency/command-key';
import type { Subscription } from '../port/subscription';
import { allFilterMatcher, catchUpSubscription } from '../subscription/catch-up-subscription';
import type { PreparedEvent } from '../validation/prepared-event';
import { checkedMaxCount, checkedPosition, recordedUntilCut } from '../validation/read-option-checks';
import { streamIdProblems, validateAppend } from '../validation/validate-append';
import { AppendSignal } from './append-signal';
import { openSqliteReadOnly } from './open-read-only';
import { createSchema } from './sqlite-schema';
import { SQLITE_DEFAULTS, type SqliteEventStoreOptions, type SqliteSynchronous } from './sqlite-event-store-options';

const PAGE_SIZE = 256;
/**
 * better-sqlite3 is synchronous, and an async generator's yields resume on microtasks, so a long read never let the
 * event loop turn: one fold of a council at 1M events held `/health` for half a second (bench:api). Every this many
 * pages a read waits one turn of the loop, so other requests are answered in between.
 */
const PAGES_BETWEEN_TURNS = 4;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** PRAGMA synchronous answers with SQLite's numbering. */
const SYNCHRONOUS_LEVELS: readonly SqliteSynchronous[] = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

interface StoredRow {
  position: number;
  canonical: Buffer;
}

interface CommandStatements {
  readonly byKey: Database.Statement<[string, string], { first_position: number; last_position: number }>;
  readonly between: Database.Statement<[number, number], StoredRow>;
  readonly insert: Database.Statement<[string, string, string, number, number]>;
}

/**
 * The last position recorded by a cut. recordedAt only grows along the log, so that is the last entry of
 * events_by_recorded_at up to the cut (ties in the index are in rowid order): one index seek. `MAX(position)` with the
 * same WHERE is planned as a backwards scan of every row after the cut (605 ms warm at mid-log of 1M events). INDEXED BY
 * makes a plan without the index an error rather than a slow query.
 */
export const LAST_POSITION_RECORDED_BY_SQL =
  'SELECT position FROM events INDEXED BY events_by_recorded_at WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1';

/** The embedded adapter: one SQLite file (WAL), safe to share between processes. */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly signal = new AppendSignal();
  private readonly pollIntervalMs: number;
  private readonly statements;
  private readonly allPageStatements = new Map<string, Database.Statement>();
  private readonly appendInTransaction;
  /** Prepared on the first write: a read-only open of a file made before `commands` existed has no such table. */
  private commandStatementsCache: CommandStatements | undefined;
  private closed = false;

  constructor(private readonly options: SqliteEventStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? SQLITE_DEFAULTS.pollIntervalMs;
    const timeout = options.busyTimeoutMs ?? SQLITE_DEFAULTS.busyTimeoutMs;
    try {
      if (options.readOnly) {
        // Nothing written: no folder made, no journal mode set, no schema created (a store without one is refused by name).
        this.db = openSqliteReadOnly(options.path, timeout);
      } else {
        if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
        this.db = new Database(options.path, { timeout });
        this.db.pragma('journal_mode = WAL');
        this.db.pragma(`synchronous = ${options.synchronous ?? SQLITE_DEFAULTS.synchronous}`);
        createSchema(this.db);
      }
    } catch (error) {
      throw new StoreUnavailable(`cannot open the SQLite event store at ${options.path}: ${(error as Error).message}`, { cause: error });
    }
    this.statements = {
      byEventId: this.db.prepare<[string], StoredRow>('SELECT position, canonical FROM events WHERE event_id = ?'),
      streamRevision: this.db.prepare<[string], { revision: number | null }>(
        'SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?',
      ),
      logHead: this.db.prepare<[], { position: number; recorded_at: string }>(
        'SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1',
      ),
      insert: this.db.prepare(
        'INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, canonical) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      streamForwards: this.db.prepare<[string, number, string, number], StoredRow>(
        'SELECT position, canonical FROM events WHERE stream_id = ? AND revision >= ? AND recorded_at <= ? ORDER BY revision LIMIT ?',
      ),
      streamBackwards: this.db.prepare<[string, number, string, number], StoredRow>(
        'SELECT position, canonical FROM events WHERE stream_id = ? AND revision <= ? AND recorded_at <= ? ORDER BY revision DESC LIMIT ?',
      ),
      lastPositionRecordedBy: this.db.prepare<[string], { position: number }>(LAST_POSITION_RECORDED_BY_SQL),
      after: this.db.prepare<[number, number], StoredRow>(
        'SELECT position, canonical FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
    };
    this.appendInTransaction = this.db.transaction(
      (streamId: string, events: PreparedEvent[], expected: ExpectedRevision, command: CommandKey | undefined, idsGiven: boolean) =>
        this.appendLocked(streamId, events, expected, command, idsGiven),
    );
  }

  describe(): StoreDescription {
    return { kind: 'sqlite', location: this.options.path };
  }

  /** The durability settings in force on this connection (synchronous is per connection: only the connection can tell). */
  durability(): { journalMode: string; synchronous: SqliteSynchronous } {
    this.assertOpen();
    const level = Number(this.db.pragma('synchronous', { simple: true }));
    return { journalMode: String(this.db.pragma('journal_mode', { simple: true })), synchronous: SYNCHRONOUS_LEVELS[level] };
  }

  async append(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.options.readOnly) throw new StoreReadOnly(this.options.path);
    const prepared = validateAppend(streamId, events, options?.expectedRevision, this.options.occurredAtRule);
    const command = commandKeyOf(prepared, options.idempotency);
    // Ids the store made itself (UUID v7) were never stored, so only a writer's own ids are looked up.
    const idsGiven = events.some((event) => event.eventId !== undefined);
    this.assertOpen();
    let result: AppendResult;
    try {
      // IMMEDIATE takes the write lock before reading, so the revision check and the insert see the same log
      // even when another process writes to the same file.
      result = this.appendInTransaction.immediate(streamId, prepared, options.expectedRevision, command, idsGiven);
    } catch (error) {
      throw this.translate(error);
    }
    if (!result.alreadyRecorded) this.signal.notify();
    return result;
  }

  /**
   * Restore only: puts stored envelopes back exactly as they were (the same bytes, so the same ids, types, data,
   * metadata and recordedAt), at positions 1, 2, 3... in the order given, in one transaction. Allowed on an empty store
   * only, and only for what the log itself could have stored: canonical envelopes, revisions from 0 without gaps in each
   * stream, recordedAt never going backwards. Anything else rolls the whole restore back. The caller proves the
   * envelopes are the source's (a verified bundle or backup); this never goes through append, which would stamp them anew.
   * @throws StoreUnavailable naming the first envelope refused, or the store not being empty; nothing is stored then
   */
  restoreVerbatim(canonicalEnvelopes: Iterable<Buffer>): { events: number; lastPosition: bigint } {
    if (this.options.readOnly) throw new StoreReadOnly(this.options.path);
    this.assertOpen();
    const restore = this.db.transaction((): number => {
      if (this.head() !== 0) throw new StoreUnavailable(`${this.options.path} is not empty: a restore goes into an empty store only`);
      const nextRevision = new Map<string, number>();
      const commands = new CommandsOfLog();
      let previousRecordedAt = '';
      let position = 0;
      for (const canonical of canonicalEnvelopes) {
        position++;
        const envelope = restorableEnvelope(canonical, position);
        const expected = nextRevision.get(envelope.streamId) ?? 0;
        if (envelope.revision !== expected)
          throw new StoreUnavailable(
            `position ${position}: stream ${envelope.streamId} is at revision ${envelope.revision} where the log would have ${expected}`,
          );
        if (envelope.recordedAt < previousRecordedAt)
          throw new StoreUnavailable(`position ${position}: recordedAt ${envelope.recordedAt} is earlier than the event before`);
        nextRevision.set(envelope.streamId, expected + 1);
        previousRecordedAt = envelope.recordedAt;
        this.statements.insert.run(
          position,
          envelope.streamId,
          envelope.revision,
          envelope.eventId,
          envelope.type,
          envelope.recordedAt,
          // A copy: the caller may reuse its buffer for the next line.
          Buffer.from(canonical),
        );
        commands.add(envelope, position);
      }
      const insertCommand = this.commandStatements().insert;
      for (const c of commands.all()) insertCommand.run(c.actorId, c.commandId, c.streamId, c.firstPosition, c.lastPosition);
      return position;
    });
    let events: number;
    try {
      events = restore.immediate();
    } catch (error) {
      throw this.translate(error);
    }
    if (events > 0) this.signal.notify();
    return { events, lastPosition: BigInt(events) };
  }

  private appendLocked(
    streamId: string,
    events: PreparedEvent[],
    expected: ExpectedRevision,
    command: CommandKey | undefined,
    idsGiven: boolean,
  ): AppendResult {
    if (command) {
      const earlier = this.recordedByCommand(command);
      if (earlier) return replayOfCommand(streamId, events, expected, earlier, command);
      const [formerFirst] = command.formerEventIds;
      // Recorded before commands were kept, with ids derived from the key: found, and judged, by those ids as it was then.
      if (formerFirst !== undefined && this.statements.byEventId.get(formerFirst)) {
        const asFormer = events.map((event, i) => ({ ...event, eventId: command.formerEventIds[i] }));
        const formerRows = asFormer.map((event) => this.statements.byEventId.get(event.eventId));
        const formerEvents = formerRows.map((row) => row && recordedEventFromCanonical(row.canonical, BigInt(row.position)));
        return replayOfStoredAppend(streamId, asFormer, expected, formerEvents);
      }
    }
    const stored = idsGiven ? events.map((event) => this.statements.byEventId.get(event.eventId)) : [];
    if (stored.some((row) => row !== undefined)) {
      const storedEvents = stored.map((row) => row && recordedEventFromCanonical(row.canonical, BigInt(row.position)));
      return replayOfStoredAppend(streamId, events, expected, storedEvents);
    }

    const current = this.statements.streamRevision.get(streamId)?.revision ?? null;
    const actual = current === null ? undefined : BigInt(current);
    if (!satisfiesExpectedRevision(expected, actual)) {
      throw new WrongExpectedRevision(streamId, expected, actual ?? 'no_stream');
    }
    const head = this.statements.logHead.get();
    const now = toRecordedAt(this.clock.now());
    // recordedAt never goes backwards along the log, even if the clock does (NTP step, another process's clock).
    const recordedAt = head && head.recorded_at > now ? head.recorded_at : now;
    const firstPosition = (head?.position ?? 0) + 1;
    const firstRevision = (current ?? -1) + 1;

    const recorded = events.map((event, index) => {
      const revision = firstRevision + index;
      const position = firstPosition + index;
      const envelope = envelopeOf(event, streamId, BigInt(revision), recordedAt);
      const canonical = canonicalBytes(envelope);
      this.statements.insert.run(position, streamId, revision, event.eventId, event.type, recordedAt, canonical);
      return recordedEventFrom(envelope, BigInt(position), canonical);
    });
    const last = recorded[recorded.length - 1];
    if (command) {
      this.commandStatements().insert.run(command.actorId, command.commandId, streamId, firstPosition, firstPosition + events.length - 1);
    }
    return { streamId, nextExpectedRevision: last.revision, position: last.position, events: recorded, alreadyRecorded: false };
  }

  /** The events a command recorded, in order; undefined when it recorded none. */
  private recordedByCommand(command: CommandKey): RecordedEvent[] | undefined {
    const statements = this.commandStatements();
    const row = statements.byKey.get(command.actorId, command.commandId);
    if (!row) return undefined;
    return statements.between
      .all(row.first_position, row.last_position)
      .map((stored) => recordedEventFromCanonical(stored.canonical, BigInt(stored.position)));
  }

  private commandStatements(): CommandStatements {
    this.commandStatementsCache ??= {
      byKey: this.db.prepare<[string, string], { first_position: number; last_position: number }>(
        'SELECT first_position, last_position FROM commands WHERE actor_id = ? AND command_id = ?',
      ),
      between: this.db.prepare<[number, number], StoredRow>(
        'SELECT position, canonical FROM events WHERE position BETWEEN ? AND ? ORDER BY position',
      ),
      insert: this.db.prepare<[string, string, string, number, number]>(
        'INSERT INTO commands (actor_id, command_id, stream_id, first_position, last_position) VALUES (?, ?, ?, ?, ?)',
      ),
    };
    return this.commandStatementsCache;
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const [problem] = streamIdProblems(streamId);
    if (problem) throw new InvalidReadOption(problem.field, problem.rule);
    checkedPosition('fromRevision', options.fromRevision);
    const maxCount = checkedMaxCount(options.maxCount);
    const cut = recordedUntilCut(options.recordedUntil) ?? '9999-12-31T23:59:59.999Z';
    const backwards = options.direction === 'backwards';
    // The options are checked now; the stream is read (and StreamNotFound thrown) on iteration.
    return { [Symbol.asyncIterator]: () => this.streamEvents(streamId, options.fromRevision, backwards, maxCount, cut) };
  }

  private async *streamEvents(
    streamId: string,
    from: ReadStreamOptions['fromRevision'],
    backwards: boolean,
    maxCount: number,
    cut: string,
  ): AsyncGenerator<RecordedEvent> {
    this.assertOpen();
    const head = this.statements.streamRevision.get(streamId)?.revision ?? null;
    if (head === null) throw new StreamNotFound(streamId);
    let next =
      from === undefined || from === 'start' ? (backwards ? head : 0) : from === 'end' ? (backwards ? head : head + 1) : Number(from);
    let remaining = maxCount;
    let pages = 0;
    while (remaining > 0) {
      const limit = Math.min(PAGE_SIZE, remaining);
      const rows = backwards
        ? this.statements.streamBackwards.all(streamId, next, cut, limit)
        : this.statements.streamForwards.all(streamId, next, cut, limit);
      for (const row of rows) {
        const event = recordedEventFromCanonical(row.canonical, BigInt(row.position));
        next = Number(event.revision) + (backwards ? -1 : 1);
        yield event;
      }
      remaining -= rows.length;
      if (rows.length < limit) return;
      if (++pages % PAGES_BETWEEN_TURNS === 0) await nextTurn();
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    checkedPosition('fromPosition', options.fromPosition);
    const maxCount = checkedMaxCount(options.maxCount);
    const cut = recordedUntilCut(options.recordedUntil);
    return { [Symbol.asyncIterator]: () => this.allEvents(options, maxCount, cut) };
  }

  private async *allEvents(options: ReadAllOptions, maxCount: number, cut: string | undefined): AsyncGenerator<RecordedEvent> {
    this.assertOpen();
    // recordedAt only grows along the log, so "recorded by the cut" is a prefix of it: find its end once.
    const until = cut === undefined ? Number.MAX_SAFE_INTEGER : this.lastPositionRecordedBy(cut);
    const from = options.fromPosition;
    let after = from === undefined || from === 'start' ? 0 : Number(from) - 1;
    let remaining = maxCount;
    const page = this.allPage(options.types, options.streamPrefix);
    let pages = 0;
    while (remaining > 0) {
      const limit = Math.min(PAGE_SIZE, remaining);
      const rows = page(after, until, limit);
      for (const row of rows) {
        after = row.position;
        yield recordedEventFromCanonical(row.canonical, BigInt(row.position));
      }
      remaining -= rows.length;
      if (rows.length < limit) return;
      if (++pages % PAGES_BETWEEN_TURNS === 0) await nextTurn();
    }
  }

  private allPage(types: readonly string[] | undefined, streamPrefix: string | undefined) {
    const typeList = types ? [...types] : [];
    const conditions = ['position > ?', 'position <= ?'];
    if (types) conditions.push(`type IN (${typeList.map(() => '?').join(', ') || 'NULL'})`);
    // substr rather than LIKE: stream ids may hold `_`, which LIKE would treat as a wildcard.
    if (streamPrefix) conditions.push('substr(stream_id, 1, ?) = ?');
    const sql = `SELECT position, canonical FROM events WHERE ${conditions.join(' AND ')} ORDER BY position LIMIT ?`;
    let statement = this.allPageStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.allPageStatements.set(sql, statement);
    }
    const prefixArgs = streamPrefix ? [streamPrefix.length, streamPrefix] : [];
    const prepared = statement;
    return (after: number, until: number, limit: number): StoredRow[] =>
      prepared.all(after, until, ...typeList, ...prefixArgs, limit) as StoredRow[];
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    checkedPosition('fromPosition', options.fromPosition);
    this.assertOpen();
    const from = options.fromPosition;
    const after = from === undefined || from === 'start' ? 0n : from === 'end' ? BigInt(this.head()) : from;
    return catchUpSubscription(
      {
        readAfter: (position) => {
          if (this.closed) return [];
          return this.statements.after
            .all(Number(position), PAGE_SIZE)
            .map((row) => recordedEventFromCanonical(row.canonical, BigInt(row.position)));
        },
        version: () => this.signal.version,
        // Appends by other processes are not signalled here, so a caught-up subscriber also polls.
        waitForMore: (stopped, seen) => this.signal.wait(seen, this.pollIntervalMs, stopped),
      },
      after,
      allFilterMatcher(options),
    );
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return BigInt(this.head());
  }

  async positionRecordedBy(at: RecordedUntil): Promise<bigint> {
    const cut = recordedUntilCut(at)!;
    this.assertOpen();
    return BigInt(this.lastPositionRecordedBy(cut));
  }

  private lastPositionRecordedBy(cut: string): number {
    return this.statements.lastPositionRecordedBy.get(cut)?.position ?? 0;
  }

  private head(): number {
    return this.statements.logHead.get()?.position ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signal.notify();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailable('the event store is closed');
  }

  private translate(error: unknown): Error {
    if (error instanceof EventStoreError) return error;
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      return new StoreUnavailable('the event store stayed busy (another writer holds the lock); nothing was stored, try again', {
        cause: error,
      });
    }
    return new StoreUnavailable(`the event store failed (${code || (error as Error).message}); nothing was stored`, { cause: error });
  }
}

interface CommandRow {
  readonly actorId: string;
  readonly commandId: string;
  readonly streamId: string;
  readonly recordedAt: string;
  readonly firstPosition: number;
  lastPosition: number;
}

/**
 * The `commands` index as the log implies it, rebuilt from envelopes in log order: a command's append is the run of
 * consecutive events of one stream, stamped with one recordedAt, whose metadata carries its actor and commandId (what a
 * keyed append requires of every event). Where a command shows up again elsewhere (a log written before commands were
 * kept, by a writer that did not key its appends), its first append is the one it recorded.
 */
class CommandsOfLog {
  private readonly byKey = new Map<string, CommandRow>();

  add(envelope: EventEnvelope, position: number): void {
    const { commandId, actor } = envelope.metadata;
    const actorId = isObject(actor) ? (actor as { id?: unknown }).id : undefined;
    if (typeof commandId !== 'string' || typeof actorId !== 'string') return;
    const key = JSON.stringify([actorId, commandId]);
    const row = this.byKey.get(key);
    if (!row) {
      const { streamId, recordedAt } = envelope;
      this.byKey.set(key, { actorId, commandId, streamId, recordedAt, firstPosition: position, lastPosition: position });
    } else if (row.lastPosition === position - 1 && row.streamId === envelope.streamId && row.recordedAt === envelope.recordedAt) {
      row.lastPosition = position;
    }
  }

  all(): Iterable<CommandRow> {
    return this.byKey.values();
  }
}

const RECORDED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The envelope in stored bytes, if the log could have stored them: JSON with the envelope's fields, in canonical form
 * (so what is restored hashes as it did in the source).
 */
function restorableEnvelope(canonical: Buffer, position: number): EventEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(canonical.toString('utf8'));
  } catch (error) {
    throw new StoreUnavailable(`position ${position}: the stored envelope is not JSON`, { cause: error });
  }
  const envelope = parsed as Partial<Record<keyof EventEnvelope, unknown>> | null;
  const ok =
    typeof envelope === 'object' &&
    envelope !== null &&
    typeof envelope.eventId === 'string' &&
    typeof envelope.streamId === 'string' &&
    typeof envelope.type === 'string' &&
    Number.isSafeInteger(envelope.revision) &&
    typeof envelope.recordedAt === 'string' &&
    RECORDED_AT.test(envelope.recordedAt) &&
    isObject(envelope.data) &&
    isObject(envelope.metadata);
  if (!ok)
    throw new StoreUnavailable(
      `position ${position}: not a stored event envelope (eventId, streamId, revision, type, data, metadata, recordedAt)`,
    );
  if (!canonicalBytes(parsed as EventEnvelope).equals(canonical))
    throw new StoreUnavailable(`position ${position}: the envelope is not in canonical form (RFC 8785), so it is not as the log stored it`);
  return parsed as EventEnvelope;
}
