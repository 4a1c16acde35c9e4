import { describeRevision, type ActualRevision, type ExpectedRevision } from '../port/expected-revision';
import type { ValidationProblem } from '../validation/validation-problem';

/** Stable codes: the API edge maps these once, and clients may rely on them. */
export type EventStoreErrorCode =
  | 'WRONG_EXPECTED_REVISION'
  | 'STREAM_NOT_FOUND'
  | 'INVALID_EVENT'
  | 'INVALID_READ_OPTION'
  | 'DUPLICATE_EVENT_ID'
  | 'STORE_UNAVAILABLE'
  | 'READ_ONLY'
  | 'STORED_EVENT_UNREADABLE';

export abstract class EventStoreError extends Error {
  abstract readonly code: EventStoreErrorCode;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A lost race: someone else wrote to the stream since the writer read it. */
export class WrongExpectedRevision extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_REVISION' as const;

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(`stream ${streamId}: expected revision ${describeRevision(expected)} but it is ${describeRevision(actual)}`);
  }
}

export class StreamNotFound extends EventStoreError {
  readonly code = 'STREAM_NOT_FOUND' as const;

  constructor(readonly streamId: string) {
    super(`stream ${streamId} does not exist`);
  }
}

/** Input that breaks a rule of the log; names every field and rule, and nothing was stored. */
export class InvalidEvent extends EventStoreError {
  readonly code = 'INVALID_EVENT' as const;

  constructor(readonly problems: readonly ValidationProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.rule}`).join('; '));
  }

  get field(): string {
    return this.problems[0]?.field ?? '';
  }

  get rule(): string {
    return this.problems[0]?.rule ?? '';
  }
}

/** An event id that is already stored, but not as part of an identical retry of the same append. */
export class DuplicateEventId extends EventStoreError {
  readonly code = 'DUPLICATE_EVENT_ID' as const;

  constructor(
    readonly eventId: string,
    readonly reason: string,
  ) {
    super(`event ${eventId} is already stored: ${reason}`);
  }
}

/**
 * A command (an idempotency key: actor and commandId) already recorded by an append that is not this one: another
 * stream, other events or other content. It is the same conflict as a stored event id, an identity taken by other
 * facts, and shares its code, so every edge that maps DuplicateEventId maps it. `eventId` is the first event the
 * command recorded.
 */
export class DuplicateCommandId extends DuplicateEventId {
  constructor(
    readonly commandId: string,
    eventId: string,
    reason: string,
  ) {
    super(eventId, reason);
    this.message = `command ${commandId} is already recorded: ${reason}`;
  }
}

/** The store could not be reached or stayed busy past the retry bound; nothing was stored. */
export class StoreUnavailable extends EventStoreError {
  readonly code = 'STORE_UNAVAILABLE' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A stored row whose bytes are no longer an event envelope (damage to the file, by a disk or a person): named by its
 * position so that whoever reads the log can say where, and so that a reader can set it aside and go on.
 */
export class StoredEventUnreadable extends EventStoreError {
  readonly code = 'STORED_EVENT_UNREADABLE' as const;

  constructor(
    readonly position: bigint,
    cause: unknown,
  ) {
    super(`the stored event at position ${position} cannot be read (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
}

/** The store was opened read-only (an auditor's copy, a read-only data folder): it serves reads and stores nothing. */
export class StoreReadOnly extends EventStoreError {
  readonly code = 'READ_ONLY' as const;

  constructor(readonly location: string) {
    super(`the event store at ${location} is open read-only: nothing is recorded here; record it on the writable service`);
  }
}

/** A read or subscription asked for something that cannot be answered, e.g. a recordedUntil that is not a time. */
export class InvalidReadOption extends EventStoreError {
  readonly code = 'INVALID_READ_OPTION' as const;

  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}
