import { StoredEventUnreadable } from '../errors/event-store-errors';
import { canonicalBytes } from '../canonical/canonical-json';
import type { JsonObject } from '../json/json-value';
import type { EventMetadata } from '../port/event-metadata';
import type { RecordedEvent } from '../port/recorded-event';
import type { PreparedEvent } from '../validation/prepared-event';

/**
 * The stored form of an event: everything the writer said, plus where and when the store put it.
 * Its RFC 8785 bytes are what the log keeps and what a notary hashes.
 */
export interface EventEnvelope extends JsonObject {
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  recordedAt: string;
}

export function envelopeOf(event: PreparedEvent, streamId: string, revision: bigint, recordedAt: string): EventEnvelope {
  return {
    eventId: event.eventId,
    streamId,
    revision: Number(revision),
    type: event.type,
    data: event.data,
    // EventMetadata is a JSON object by its type (the compiler checks it), so no conversion is needed to store it.
    metadata: event.metadata,
    recordedAt,
  };
}

export function recordedEventFrom(envelope: EventEnvelope, position: bigint, canonical: Buffer): RecordedEvent {
  return {
    eventId: envelope.eventId,
    streamId: envelope.streamId,
    revision: BigInt(envelope.revision),
    position,
    type: envelope.type,
    data: envelope.data,
    metadata: metadataOfStored(envelope.metadata),
    recordedAt: envelope.recordedAt,
    canonical,
  };
}

/** An event from the bytes the log keeps for it (RecordedEvent.canonical, or a line of an exported bundle), at `position`. */
export function recordedEventFromCanonical(canonical: Buffer, position: bigint): RecordedEvent {
  let envelope: EventEnvelope;
  try {
    envelope = JSON.parse(canonical.toString('utf8')) as EventEnvelope;
  } catch (error) {
    throw new StoredEventUnreadable(position, error);
  }
  return recordedEventFrom(envelope, position, canonical);
}

/**
 * Metadata read back from the log. Only metadata that passed `validateAppend` is ever stored, so the stored JSON is
 * an EventMetadata; it is not parsed again on every read, which would cost the read path for no new fact.
 */
function metadataOfStored(metadata: JsonObject): EventMetadata {
  return metadata as EventMetadata;
}

/**
 * What makes two appends of one event "the same" for idempotency: the writer's content, not the
 * store's stamps (recordedAt, position), which a retry cannot know.
 */
export function contentOf(event: Pick<PreparedEvent, 'type' | 'data' | 'metadata'>): string {
  return canonicalBytes({ type: event.type, data: event.data, metadata: event.metadata }).toString('utf8');
}

/** ISO 8601 UTC with milliseconds: sorts as text in time order, so SQLite can compare it directly. */
export function toRecordedAt(date: Date): string {
  return date.toISOString();
}
