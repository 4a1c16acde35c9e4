import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type EventData,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { canonicalBytes } from '../canonical/canonical-json';
import { recordedEventFrom, type EventEnvelope } from '../envelope/event-envelope';
import { EventStoreError, StoreUnavailable, StreamNotFound, WrongExpectedRevision } from '../errors/event-store-errors';
import { isJsonObject, type JsonObject } from '../json/json-value';
import type { ExpectedRevision } from '../port/expected-revision';
import type { RecordedEvent } from '../port/recorded-event';
import type { PreparedEvent } from '../validation/prepared-event';

const TWO_TO_64 = 1n << 64n;

/**
 * EventStoreDB orders $all by (commit, prepare), and the events of one append share a commit position.
 * One bigint keeps both, commit × 2^64 + prepare, so positions stay unique, ordered as $all is, and
 * convertible back into a position to resume from.
 */
export function packPosition(position: Position): bigint {
  return position.commit * TWO_TO_64 + position.prepare;
}

export function unpackPosition(position: bigint): Position {
  return { commit: position / TWO_TO_64, prepare: position % TWO_TO_64 };
}

/** The keys EventStoreDB's own projections read ($by_correlation_id); ours stay as written. */
const SYSTEM_METADATA_KEYS = ['$correlationId', '$causationId'];

/**
 * Data and metadata go as JSON (readable in the server's UI, usable by its projections). Their exact
 * bytes are not what the server keeps, and need not be: for plain JSON, RFC 8785 gives the same
 * canonical bytes from any equivalent serialisation, so the envelope is rebuilt byte-for-byte on read.
 */
export function toProposedEvent(event: PreparedEvent, recordedAt: string): EventData {
  const metadata: JsonObject = { ...event.metadata, recordedAt };
  if (event.metadata.correlationId) metadata.$correlationId = event.metadata.correlationId;
  if (event.metadata.causationId) metadata.$causationId = event.metadata.causationId;
  return { id: event.eventId, contentType: 'application/json', type: event.type, data: event.data, metadata } as EventData;
}

/**
 * A server event as ours, or undefined for what is not ours to return: system events ($-types,
 * $-streams), links, and events written by other tools without our metadata.
 */
export function fromResolvedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent, fallbackPosition?: bigint): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || resolved.link || event.type.startsWith('$') || event.streamId.startsWith('$') || !event.isJson) return undefined;
  const stored = event.metadata;
  if (!isJsonObject(stored) || typeof stored.recordedAt !== 'string' || !isJsonObject(event.data)) return undefined;
  const metadata: JsonObject = {};
  for (const [key, value] of Object.entries(stored)) {
    if (key !== 'recordedAt' && !SYSTEM_METADATA_KEYS.includes(key)) metadata[key] = value;
  }
  const envelope: EventEnvelope = {
    eventId: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    type: event.type,
    data: event.data,
    metadata,
    recordedAt: stored.recordedAt,
  };
  const position = event.position ? packPosition(event.position) : fallbackPosition;
  if (position === undefined) return undefined;
  return recordedEventFrom(envelope, position, canonicalBytes(envelope));
}

function actualOf(current: unknown): bigint | 'no_stream' {
  return typeof current === 'bigint' ? current : 'no_stream';
}

/** Server and transport errors as the port's typed errors, once, here. */
export function toStoreError(error: unknown, streamId: string, expected?: ExpectedRevision): EventStoreError {
  if (error instanceof EventStoreError) return error;
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevision(streamId, expected ?? (error.expectedVersion as ExpectedRevision), actualOf(error.actualVersion));
  }
  if (error instanceof StreamNotFoundError) return new StreamNotFound(streamId);
  const transient = [UnavailableError, DeadlineExceededError, NotLeaderError, CancelledError, TimeoutError];
  if (transient.some((kind) => error instanceof kind)) {
    return new StoreUnavailable(`EventStoreDB did not answer (${(error as Error).name}); nothing was stored, try again`, { cause: error });
  }
  return new StoreUnavailable(`EventStoreDB refused the request: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

/** The connection string as it may be shown (health, logs): credentials removed. */
export function redactConnectionString(connectionString: string): string {
  return connectionString.replace(/\/\/[^@/]*@/, '//');
}
