import type { ExpectedRevision } from './expected-revision';
import type { RecordedEvent } from './recorded-event';

/**
 * Recognises an append as one command's when it is sent again, by the command rather than by event ids: the writer
 * may then give its events fresh, time-ordered ids (UUID v7), which the log's id index takes in order, where ids
 * derived from a command id (UUID v5) land all over it.
 */
export interface AppendIdempotency {
  /**
   * The sender's idempotency key. Every event of the append carries it as `metadata.commandId`, and all are by one
   * actor: a command is its sender's, so the key is (metadata.actor.id, commandId).
   */
  readonly commandId: string;
  /**
   * The ids a writer derived from the key for this command's events before the store kept commands (UUID v5 of the key
   * and the event's index): an append stored that way is found by them, so a command retried after an upgrade is still
   * recognised. Only the first is looked up when the command is not found: an append is stored whole or not at all.
   */
  readonly formerEventIds?: readonly string[];
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
  /** Makes the append one command's, recognised when sent again (see EventStore.append). */
  readonly idempotency?: AppendIdempotency;
}

export interface AppendResult {
  readonly streamId: string;
  /** The revision of the stream's last event after the append: pass it as the next expectedRevision. */
  readonly nextExpectedRevision: bigint;
  /** The global position of the last event appended. */
  readonly position: bigint;
  /** The events as recorded, in order. */
  readonly events: readonly RecordedEvent[];
  /** True when every event was already stored by an earlier identical call, and nothing new was recorded. */
  readonly alreadyRecorded: boolean;
}
