import { BACKWARDS, END, EventStoreDBClient, excludeSystemEvents, FORWARDS, START, WrongExpectedVersionError } from '@eventstore/db-client';
import { systemClock, type Clock } from '../clock/clock';
import { toRecordedAt } from '../envelope/event-envelope';
import { InvalidReadOption, StreamNotFound } from '../errors/event-store-errors';
import { replayOfStoredAppend } from '../idempotency/replay-of-stored-append';
import { commandKeyOf, replayOfCommand, type CommandKey } from '../idempotency/command-key';
import { isJsonObject } from '../json/json-value';
import type { ExpectedRevision } from '../port/expected-revision';
import type { PreparedEvent } from '../validation/prepared-event';
import type { AppendOptions, AppendResult } from '../port/append-result';
import type { EventStore, StoreDescription } from '../port/event-store';
import type { EventToAppend } from '../port/event-to-append';
import type { ReadAllOptions, ReadStreamOptions, RecordedUntil, SubscribeToAllOptions } from '../port/read-options';
import type { RecordedEvent } from '../port/recorded-event';
import type { Subscription } from '../port/subscription';
import { allFilterMatcher } from '../subscription/catch-up-subscription';
import { checkedMaxCount, checkedPosition, recordedUntilCut } from '../validation/read-option-checks';
import { streamIdProblems, validateAppend } from '../validation/validate-append';
import type { OccurredAtRule } from '../validation/validation-problem';
import type { EventStoreDbClientPort } from './eventstoredb-client-port';
import {
  fromResolvedEvent,
  packPosition,
  redactConnectionString,
  toProposedEvent,
  toStoreError,
  unpackPosition,
} from './eventstoredb-mapping';

/** Stream reads from servers before 21.10 carry no $all position; such events get theirs from $all. */
const UNKNOWN_POSITION = -1n;

/** How far back in a stream a retried append is looked for; EventStoreDB keeps no index of event ids. */
export const IDEMPOTENCY_WINDOW = 1_000;

export interface EventStoreDbEventStoreOptions {
  readonly connectionString: string;
  readonly clock?: Clock;
  /** For tests: a client double instead of a connection. */
  readonly client?: EventStoreDbClientPort;
  /** A further rule for metadata.occurredAt, after the store's own (shape, calendar, order); the service passes the domain's. */
  readonly occurredAtRule?: OccurredAtRule;
}

/** The production adapter: EventStoreDB / KurrentDB over gRPC, clustered. */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDbClientPort;
  private readonly clock: Clock;
  private lastRecordedAt: string | undefined;

  constructor(private readonly options: EventStoreDbEventStoreOptions) {
    this.client = options.client ?? (EventStoreDBClient.connectionString(options.connectionString) as unknown as EventStoreDbClientPort);
    this.clock = options.clock ?? systemClock;
  }

  describe(): StoreDescription {
    return { kind: 'eventstoredb', location: redactConnectionString(this.options.connectionString) };
  }

  async append(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const prepared = validateAppend(streamId, events, options?.expectedRevision, this.options.occurredAtRule);
    const command = commandKeyOf(prepared, options.idempotency);
    const expected = options.expectedRevision;
    try {
      const earlier = await this.earlierAppend(streamId, prepared, expected, command);
      if (earlier) return earlier;

      const recordedAt = await this.nextRecordedAt();
      const result = await this.client.appendToStream(
        streamId,
        prepared.map((e) => toProposedEvent(e, recordedAt)),
        { expectedRevision: expected },
      );
      const recorded = await this.readBack(
        streamId,
        result.nextExpectedRevision,
        prepared.length,
        result.position ? packPosition(result.position) : undefined,
      );
      return {
        streamId,
        nextExpectedRevision: result.nextExpectedRevision,
        position: recorded[recorded.length - 1].position,
        events: recorded,
        alreadyRecorded: false,
      };
    } catch (error) {
      if (!(command && error instanceof WrongExpectedVersionError)) throw toStoreError(error, streamId, expected);
      // Lost a race. To the same command: the winner's result is the answer (a retry sent twice at once), or the command
      // is refused (another command under its key); to anything else, the lost race is the answer.
      const earlier = await this.earlierAppend(streamId, prepared, expected, command).catch((again: unknown) => {
        throw toStoreError(again, streamId, expected);
      });
      if (earlier) return earlier;
      throw toStoreError(error, streamId, expected);
    }
  }

  /**
   * The original result when this append was made before (by its event ids, or by its command), undefined when it was
   * not; refuses one that reuses an id or a command. The server keeps no index of either, so both are looked for in the
   * stream's last IDEMPOTENCY_WINDOW events, in one read. A command recorded before commands were keyed carried the same
   * metadata (actor, commandId), so it is found the same way: former ids are not needed here.
   */
  private async earlierAppend(
    streamId: string,
    prepared: readonly PreparedEvent[],
    expected: ExpectedRevision,
    command: CommandKey | undefined,
  ): Promise<AppendResult | undefined> {
    const { byId, byCommand } = await this.storedOf(streamId, new Set(prepared.map((e) => e.eventId)), command);
    if (command && byCommand.length > 0) return replayOfCommand(streamId, prepared, expected, byCommand, command);
    if (byId.size > 0)
      return replayOfStoredAppend(
        streamId,
        prepared,
        expected,
        prepared.map((e) => byId.get(e.eventId)),
      );
    return undefined;
  }

  /** recordedAt only grows for this process, starting after the newest event already in the log. */
  private async nextRecordedAt(): Promise<string> {
    if (this.lastRecordedAt === undefined) {
      this.lastRecordedAt = '';
      for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 100 })) {
        const event = fromResolvedEvent(resolved);
        if (event) {
          this.lastRecordedAt = event.recordedAt;
          break;
        }
      }
    }
    const now = toRecordedAt(this.clock.now());
    this.lastRecordedAt = now > this.lastRecordedAt ? now : this.lastRecordedAt;
    return this.lastRecordedAt;
  }

  /** The stream's recent events with one of `ids`, and those of `command` in revision order (the first append of it). */
  private async storedOf(
    streamId: string,
    ids: Set<string>,
    command: CommandKey | undefined,
  ): Promise<{ byId: Map<string, RecordedEvent>; byCommand: RecordedEvent[] }> {
    const found: RecordedEvent[] = [];
    const ofCommand: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: IDEMPOTENCY_WINDOW,
      })) {
        // Compare ids and keys first: converting (and canonicalising) only the matches keeps the scan cheap.
        const mine = command !== undefined && isCommandOf(resolved.event?.metadata, command);
        if (!resolved.event || !(ids.has(resolved.event.id) || mine)) continue;
        const event = fromResolvedEvent(resolved, UNKNOWN_POSITION);
        if (!event) continue;
        if (ids.has(event.eventId)) found.push(event);
        if (mine) ofCommand.unshift(event);
      }
    } catch (error) {
      if (!(toStoreError(error, streamId) instanceof StreamNotFound)) throw error;
    }
    // Stream reads may lack $all positions; the original result must carry them.
    const byId = new Map((await this.withPositions(found)).map((e) => [e.eventId, e]));
    return { byId, byCommand: await this.withPositions(firstRun(ofCommand)) };
  }

  private async readBack(
    streamId: string,
    lastRevision: bigint,
    count: number,
    lastPosition: bigint | undefined,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const resolved of this.client.readStream(streamId, {
      fromRevision: lastRevision - BigInt(count - 1),
      direction: FORWARDS,
      maxCount: count,
    })) {
      const event = fromResolvedEvent(resolved, UNKNOWN_POSITION);
      if (event) events.push(event);
    }
    if (lastPosition !== undefined && events.length > 0 && events[events.length - 1].position === UNKNOWN_POSITION) {
      events[events.length - 1] = { ...events[events.length - 1], position: lastPosition };
    }
    return this.withPositions(events);
  }

  /** @internal Fills in positions missing from stream reads by reading $all back from the newest one known. */
  async withPositions(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const missing = new Set(events.filter((e) => e.position === UNKNOWN_POSITION).map((e) => e.eventId));
    if (missing.size === 0) return events;
    const positions = new Map<string, bigint>();
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: IDEMPOTENCY_WINDOW })) {
      const event = fromResolvedEvent(resolved);
      if (event && missing.has(event.eventId)) positions.set(event.eventId, event.position);
      if (positions.size === missing.size) break;
    }
    return events.map((e) =>
      e.position === UNKNOWN_POSITION && positions.has(e.eventId) ? { ...e, position: positions.get(e.eventId)! } : e,
    );
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const [problem] = streamIdProblems(streamId);
    if (problem) throw new InvalidReadOption(problem.field, problem.rule);
    checkedPosition('fromRevision', options.fromRevision);
    const maxCount = checkedMaxCount(options.maxCount);
    const cut = recordedUntilCut(options.recordedUntil);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    const fromRevision = from === undefined ? (backwards ? END : START) : from === 'start' ? START : from === 'end' ? END : from;
    return { [Symbol.asyncIterator]: () => this.streamEvents(streamId, fromRevision, backwards, maxCount, cut) };
  }

  private async *streamEvents(
    streamId: string,
    fromRevision: bigint | typeof START | typeof END,
    backwards: boolean,
    maxCount: number,
    cut: string | undefined,
  ): AsyncGenerator<RecordedEvent> {
    let yielded = 0;
    try {
      // The cut is applied here, so the server is asked for everything and the count is kept on our side.
      for await (const resolved of this.client.readStream(streamId, { fromRevision, direction: backwards ? BACKWARDS : FORWARDS })) {
        const read = fromResolvedEvent(resolved, UNKNOWN_POSITION);
        if (!read || (cut !== undefined && read.recordedAt > cut)) continue;
        const [event] = read.position === UNKNOWN_POSITION ? await this.withPositions([read]) : [read];
        yield event;
        if (++yielded >= maxCount) return;
      }
    } catch (error) {
      throw toStoreError(error, streamId);
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    checkedPosition('fromPosition', options.fromPosition);
    const maxCount = checkedMaxCount(options.maxCount);
    const cut = recordedUntilCut(options.recordedUntil);
    const matches = allFilterMatcher(options);
    const from = options.fromPosition;
    const fromPosition = from === undefined || from === 'start' ? START : unpackPosition(from);
    const client = this.client;
    return {
      async *[Symbol.asyncIterator]() {
        let yielded = 0;
        try {
          for await (const resolved of client.readAll({ fromPosition, direction: FORWARDS })) {
            const event = fromResolvedEvent(resolved);
            if (!event || !matches(event) || (cut !== undefined && event.recordedAt > cut)) continue;
            yield event;
            if (++yielded >= maxCount) return;
          }
        } catch (error) {
          throw toStoreError(error, '$all');
        }
      },
    };
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    checkedPosition('fromPosition', options.fromPosition);
    const from = options.fromPosition;
    const fromPosition = from === undefined || from === 'start' ? START : from === 'end' ? END : unpackPosition(from);
    // The server drops system events before they cross the network; type and prefix are checked here.
    const feed = this.client.subscribeToAll({ fromPosition, filter: excludeSystemEvents() });
    const matches = allFilterMatcher(options);
    let started = false;
    return {
      [Symbol.asyncIterator]() {
        if (started) throw new Error('a subscription has one reader; subscribe again for another');
        started = true;
        return (async function* () {
          try {
            for await (const resolved of feed) {
              const event = fromResolvedEvent(resolved);
              if (event && matches(event)) yield event;
            }
          } catch (error) {
            throw toStoreError(error, '$all');
          }
        })();
      },
      stop: () => feed.unsubscribe(),
    };
  }

  async headPosition(): Promise<bigint> {
    try {
      for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 100 })) {
        const event = fromResolvedEvent(resolved);
        if (event) return event.position;
      }
      return 0n;
    } catch (error) {
      throw toStoreError(error, '$all');
    }
  }

  /**
   * $all read backwards from its end, stopping at the first of our events recorded by the cut: what it reads is the
   * events after the cut, never the whole log. Positions are packed commit/prepare pairs and a read may start only at
   * one an event has, so there is no seek to bisect with. Taking the first going backwards gives the greatest position
   * recorded by the cut even where two instances' clocks let recordedAt step back along $all.
   */
  async positionRecordedBy(at: RecordedUntil): Promise<bigint> {
    const cut = recordedUntilCut(at)!;
    try {
      for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS })) {
        const event = fromResolvedEvent(resolved);
        if (event && event.recordedAt <= cut) return event.position;
      }
      return 0n;
    } catch (error) {
      throw toStoreError(error, '$all');
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

/** Whether server metadata is of an event `command` recorded (without converting the event). */
function isCommandOf(metadata: unknown, command: CommandKey): boolean {
  if (!isJsonObject(metadata) || metadata.commandId !== command.commandId) return false;
  const actor = metadata.actor;
  return isJsonObject(actor) && actor.id === command.actorId;
}

/** The first append among a command's events in revision order: the run of consecutive revisions with one recordedAt. */
function firstRun(events: readonly RecordedEvent[]): RecordedEvent[] {
  let end = 1;
  while (end < events.length && events[end].revision === events[end - 1].revision + 1n && events[end].recordedAt === events[0].recordedAt)
    end++;
  return events.slice(0, end);
}
