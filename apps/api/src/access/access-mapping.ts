import type { AccessEvent, StoredDomainEvent } from '@plan-ledger/domain';
import type { JsonObject, RecordedEvent } from '@plan-ledger/event-store';

/**
 * The access stream's one boundary with the log's JSON. Only AccessDirectory appends to the stream, each event decided
 * by the access decider from a parsed command, so what it reads back has the shape the types say.
 */
export function toAccessEvent(event: RecordedEvent): StoredDomainEvent<AccessEvent> {
  return { type: event.type, data: event.data, eventId: event.eventId } as unknown as StoredDomainEvent<AccessEvent>;
}

/** An access event's data as the store takes it: its fields are text and lists of text, so it is JSON. */
export function toJsonData(event: AccessEvent): JsonObject {
  return event.data as unknown as JsonObject;
}
