import {
  BACKWARDS,
  END,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EventStoreDbClientPort } from '../../src/eventstoredb/eventstoredb-client-port';

interface StoredServerEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  position: Position;
  created: Date;
}

/**
 * An in-memory stand-in for an EventStoreDB server, faithful where the adapter depends on it: JSON goes
 * through serialisation, one append shares a commit position, stream reads carry no $all position,
 * system events live in $-streams, and errors are the client's own classes.
 */
export class FakeEventStoreDbClient implements EventStoreDbClientPort {
  readonly log: StoredServerEvent[] = [];
  /** The log by stream, so appends and stream reads cost the stream's length, not the whole log's. */
  private readonly streams = new Map<string, StoredServerEvent[]>();
  private nextPrepare = 100n;
  private listeners = new Set<() => void>();
  disposed = false;

  constructor() {
    this.record(this.serverEvent('$settings', 0n, '$settings', {}, {}, { commit: 10n, prepare: 10n }));
  }

  private record(event: StoredServerEvent): void {
    this.log.push(event);
    const stream = this.streams.get(event.streamId);
    if (stream) stream.push(event);
    else this.streams.set(event.streamId, [event]);
  }

  private serverEvent(
    streamId: string,
    revision: bigint,
    type: string,
    data: unknown,
    metadata: unknown,
    position: Position,
  ): StoredServerEvent {
    return {
      streamId,
      id: crypto.randomUUID(),
      revision,
      type,
      data: JSON.stringify(data),
      metadata: JSON.stringify(metadata),
      position,
      created: new Date(),
    };
  }

  async appendToStream(
    streamName: string,
    events: EventData[],
    options: { expectedRevision: AppendExpectedRevision },
  ): Promise<AppendResult> {
    const current = this.currentRevision(streamName);
    const expected = options.expectedRevision;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current ?? 'no_stream' });
    }
    const commit = this.nextPrepare + BigInt(events.length) * 10n;
    let revision = current ?? -1n;
    for (const event of events) {
      revision++;
      const prepare = this.nextPrepare;
      this.nextPrepare += 10n;
      this.record({
        streamId: streamName,
        id: event.id,
        revision,
        type: event.type,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata),
        position: { commit, prepare },
        created: new Date(),
      });
    }
    this.nextPrepare = commit + 10n;
    for (const wake of [...this.listeners]) wake();
    return { success: true, nextExpectedRevision: revision, position: { commit, prepare: this.nextPrepare - 20n } };
  }

  private currentRevision(streamName: string): bigint | undefined {
    const events = this.streams.get(streamName);
    return events?.length ? events[events.length - 1].revision : undefined;
  }

  private resolved(event: StoredServerEvent, withPosition: boolean): AllStreamResolvedEvent {
    return { event: new ReceivedEvent(event, withPosition) } as unknown as AllStreamResolvedEvent;
  }

  readStream(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint },
  ): AsyncIterable<ResolvedEvent> {
    return received(() => this.streamEvents(streamName, options));
  }

  private *streamEvents(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint },
  ): Iterable<ResolvedEvent> {
    const events = this.streams.get(streamName) ?? [];
    if (events.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const backwards = options.direction === BACKWARDS;
    const from = options.fromRevision ?? (backwards ? END : START);
    let remaining = Number(options.maxCount ?? events.length);
    // Revisions in a stream are 0, 1, 2...; each read walks only the events it returns.
    if (backwards) {
      if (from === START) return;
      const first = from === END ? events.length - 1 : Math.min(Number(from), events.length - 1);
      for (let i = first; i >= 0 && remaining > 0; i--, remaining--) yield this.resolved(events[i], false) as ResolvedEvent;
    } else {
      if (from === END) return;
      const first = from === START ? 0 : Math.max(0, Number(from));
      const end = events.length; // what the stream held when the read began, as before
      for (let i = first; i < end && remaining > 0; i++, remaining--) yield this.resolved(events[i], false) as ResolvedEvent;
    }
  }

  readAll(options: { fromPosition?: ReadPosition; direction?: string; maxCount?: number | bigint }): AsyncIterable<AllStreamResolvedEvent> {
    return received(() => this.allEvents(options));
  }

  private *allEvents(options: {
    fromPosition?: ReadPosition;
    direction?: string;
    maxCount?: number | bigint;
  }): Iterable<AllStreamResolvedEvent> {
    const backwards = options.direction === BACKWARDS;
    const from = options.fromPosition ?? (backwards ? END : START);
    let remaining = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    if (backwards) {
      for (let i = this.log.length - 1; i >= 0 && remaining > 0; i--) {
        const e = this.log[i];
        if (from === START || (from !== END && comparePositions(e.position, from) > 0)) continue;
        remaining--;
        yield this.resolved(e, true);
      }
    } else {
      for (let i = 0; i < this.log.length && remaining > 0; i++) {
        const e = this.log[i];
        if (from === END || (from !== START && comparePositions(e.position, from) < 0)) continue;
        remaining--;
        yield this.resolved(e, true);
      }
    }
  }

  subscribeToAll(options: { fromPosition?: ReadPosition }): AsyncIterable<AllStreamResolvedEvent> & { unsubscribe(): Promise<void> } {
    let stopped = false;
    let wake: (() => void) | undefined;
    const { log, listeners } = this;
    const resolved = (event: StoredServerEvent): AllStreamResolvedEvent => this.resolved(event, true);
    const start = options.fromPosition ?? START;
    let index = start === START ? 0 : start === END ? this.log.length : this.log.findIndex((e) => comparePositions(e.position, start) > 0);
    if (index < 0) index = this.log.length;
    return {
      async *[Symbol.asyncIterator]() {
        while (!stopped) {
          if (index < log.length) {
            const event = log[index++];
            if (event.streamId.startsWith('$')) continue;
            yield resolved(event);
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            listeners.add(resolve);
          });
          if (wake) listeners.delete(wake);
        }
      },
      async unsubscribe() {
        stopped = true;
        wake?.();
      },
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

/**
 * A read as the client delivers it: asynchronously, one event at a time, failing (e.g. with
 * StreamNotFoundError) only once iterated. The events are produced by a plain generator, started on the
 * first `next()`, which costs one promise per event where an async generator costs several: the
 * adapter scans up to 1,000 events back on every append, so this is most of the fake's run time.
 */
function received<T>(produce: () => Iterable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let events: Iterator<T> | undefined;
      return {
        next(): Promise<IteratorResult<T>> {
          try {
            events ??= produce()[Symbol.iterator]();
            return Promise.resolve(events.next());
          } catch (error) {
            return Promise.reject(error);
          }
        },
        return(): Promise<IteratorResult<T>> {
          events?.return?.();
          return Promise.resolve({ done: true, value: undefined });
        },
      };
    },
  };
}

/**
 * An event as the client hands it over. Data and metadata are parsed from the stored JSON on first
 * access, once per read, as the client would on receipt: every read still gets its own fresh objects,
 * but a scan that only looks at ids (the adapter's idempotency window) does not pay for parsing the
 * events it skips.
 */
class ReceivedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly isJson = true;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly position: Position;
  private parsedData: unknown;
  private parsedMetadata: unknown;

  constructor(
    private readonly stored: StoredServerEvent,
    withPosition: boolean,
  ) {
    this.streamId = stored.streamId;
    this.id = stored.id;
    this.revision = stored.revision;
    this.type = stored.type;
    this.created = stored.created;
    this.position = withPosition ? stored.position : (undefined as unknown as Position);
  }

  get data(): unknown {
    return (this.parsedData ??= JSON.parse(this.stored.data));
  }

  get metadata(): unknown {
    return (this.parsedMetadata ??= JSON.parse(this.stored.metadata));
  }
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

/**
 * A server event as the client hands it over, from only the fields a test names (the client's own types ask for
 * more than the mapping reads). Tests of the mapping build theirs here, the one place that converts.
 */
export function resolvedServerEvent(event: Record<string, unknown>, link?: Record<string, unknown>): ResolvedEvent {
  return { event, ...(link ? { link } : {}) } as unknown as ResolvedEvent;
}
