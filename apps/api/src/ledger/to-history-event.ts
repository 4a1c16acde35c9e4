import { upcast, type HistoryEvent } from '@plan-ledger/domain';
import type { RecordedEvent } from '@plan-ledger/event-store';

/** A stored event as the domain's history reads it: upcast to the current shape of its data. */
export function toHistoryEvent(event: RecordedEvent): HistoryEvent {
  const { data } = upcast({ type: event.type, schemaVersion: event.metadata.schemaVersion ?? 1, data: event.data });
  return { type: event.type, data, eventId: event.eventId, recordedAt: event.recordedAt, occurredAt: event.metadata.occurredAt };
}
