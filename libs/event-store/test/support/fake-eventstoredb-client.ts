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
  private nextPrepare = 100n;
  private listeners = new Set<() => void>();
  disposed = false;

  constructor() {
    this.log.push(this.serverEvent('$settings', 0n, '$settings', {}, {}, { commit: 10n, prepare: 10n }));
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
      this.log.push({
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
    const events = this.log.filter((e) => e.streamId === streamName);
    return events.length ? events[events.length - 1].revision : undefined;
  }

  private resolved(event: StoredServerEvent, withPosition: boolean): AllStreamResolvedEvent {
    return {
      event: {
        streamId: event.streamId,
        id: event.id,
        isJson: true,
        revision: event.revision,
        type: event.type,
        created: event.created,
        data: JSON.parse(event.data),
        metadata: JSON.parse(event.metadata),
        position: withPosition ? event.position : (undefined as unknown as Position),
      },
    } as AllStreamResolvedEvent;
  }

  async *readStream(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint },
  ): AsyncIterable<ResolvedEvent> {
    let events = this.log.filter((e) => e.streamId === streamName);
    if (events.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const backwards = options.direction === BACKWARDS;
    const from = options.fromRevision ?? (backwards ? END : START);
    if (backwards) {
      events = events.reverse().filter((e) => from === END || (from !== START && e.revision <= from));
    } else {
      events = events.filter((e) => (from === START ? true : from === END ? false : e.revision >= from));
    }
    yield* events.slice(0, Number(options.maxCount ?? events.length)).map((e) => this.resolved(e, false) as ResolvedEvent);
  }

  async *readAll(options: {
    fromPosition?: ReadPosition;
    direction?: string;
    maxCount?: number | bigint;
  }): AsyncIterable<AllStreamResolvedEvent> {
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
    const client = this;
    const start = options.fromPosition ?? START;
    let index = start === START ? 0 : start === END ? this.log.length : this.log.findIndex((e) => comparePositions(e.position, start) > 0);
    if (index < 0) index = this.log.length;
    return {
      async *[Symbol.asyncIterator]() {
        while (!stopped) {
          if (index < client.log.length) {
            const event = client.log[index++];
            if (event.streamId.startsWith('$')) continue;
            yield client.resolved(event, true);
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            client.listeners.add(resolve);
          });
          if (wake) client.listeners.delete(wake);
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

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}
