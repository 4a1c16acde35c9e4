import type { AppendOptions, AppendResult } from './append-result';
import type { EventToAppend } from './event-to-append';
import type { ReadAllOptions, ReadStreamOptions, RecordedUntil, SubscribeToAllOptions } from './read-options';
import type { RecordedEvent } from './recorded-event';
import type { Subscription } from './subscription';

export interface StoreDescription {
  readonly kind: 'sqlite' | 'eventstoredb';
  /** File path, `:memory:` or the connection string without credentials. */
  readonly location: string;
}

/**
 * The one port every adapter implements. The contract suite in `libs/event-store/test/contract`
 * is the executable definition of what each method promises.
 */
export interface EventStore {
  describe(): StoreDescription;

  /**
   * Appends all events atomically at consecutive revisions, after checking expectedRevision.
   * Idempotent: re-appending events whose ids are already stored at the same place with the same
   * content returns the original result and stores nothing (`alreadyRecorded: true`).
   * With `options.idempotency`, the append is also recognised by its command, (actor.id, commandId), whatever ids its
   * events carry: the same command again (same stream, same events' content, at the place expected) gets the original
   * result, checked before the expected revision so that a retry racing the first call gets it too; another append
   * under a recorded command is refused with DuplicateCommandId. SQLite keeps commands unique across the whole log;
   * EventStoreDB, which has no index of them, finds them within the stream's last IDEMPOTENCY_WINDOW events.
   * @throws WrongExpectedRevision, DuplicateEventId (DuplicateCommandId), InvalidEvent, StoreUnavailable
   */
  append(streamId: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;

  /** @throws StreamNotFound (on first iteration) when the stream has no event at all. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;

  subscribeToAll(options?: SubscribeToAllOptions): Subscription;

  /** Position of the last event in the log, 0n when it is empty. */
  headPosition(): Promise<bigint>;

  /**
   * Position of the last event recorded by `at` (recordedAt <= at, inclusive), 0n when none was: the head of the log
   * as it was known at that instant, i.e. where `readAll({ recordedUntil: at })` ends.
   * @throws InvalidReadOption when `at` is not a time
   */
  positionRecordedBy(at: RecordedUntil): Promise<bigint>;

  close(): Promise<void>;
}
