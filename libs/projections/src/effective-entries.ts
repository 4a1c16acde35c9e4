import {
  CORRECTION_TYPES,
  happenedBy,
  upcast,
  type BusinessTime,
  type EventCorrectedData,
  type EventRetractedData,
} from '@plan-ledger/domain';
import type { JsonObject, RecordedEvent } from '@plan-ledger/event-store';
import type { AppliedCorrection, LedgerEntry } from './ledger-entry';

/**
 * Turns the events of one cut (already limited to what was recorded by knownAt) into what the views
 * fold: upcast to current shapes, corrections applied in the order recorded, retracted events dropped,
 * and (with asOf) only what had happened by then. Pure and deterministic.
 */
export function effectiveEntries(events: readonly RecordedEvent[], asOf?: string): LedgerEntry[] {
  const entries = new Map<string, LedgerEntry>();
  for (const event of events) {
    const { data, schemaVersion } = upcast({ type: event.type, schemaVersion: event.metadata.schemaVersion ?? 1, data: event.data });
    void schemaVersion;
    if (event.type === 'EventRetracted') {
      entries.delete((event.data as unknown as EventRetractedData).retractedEventId);
      continue;
    }
    if (event.type === 'EventCorrected') {
      const correction = event.data as unknown as EventCorrectedData;
      const target = entries.get(correction.correctedEventId);
      if (!target) continue;
      const applied: AppliedCorrection = {
        eventId: event.eventId,
        recordedAt: event.recordedAt,
        actor: event.metadata.actor,
        reason: correction.reason,
        changes: correction.changes as JsonObject,
        ...(correction.occurredAt ? { occurredAt: correction.occurredAt } : {}),
      };
      entries.set(target.eventId, {
        ...target,
        data: { ...target.data, ...(correction.changes as JsonObject) },
        occurredAt: correction.occurredAt ?? target.occurredAt,
        corrections: [...target.corrections, applied],
      });
      continue;
    }
    if (CORRECTION_TYPES.includes(event.type)) continue;
    entries.set(event.eventId, {
      eventId: event.eventId,
      streamId: event.streamId,
      revision: event.revision,
      position: event.position,
      type: event.type,
      data: data as JsonObject,
      occurredAt: event.metadata.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      ...(event.metadata.source ? { source: event.metadata.source } : {}),
      corrections: [],
      uncertain: false,
    });
  }
  const result: LedgerEntry[] = [];
  for (const entry of entries.values()) {
    if (asOf === undefined) {
      result.push(entry);
      continue;
    }
    const status = happenedBy(entry.occurredAt as BusinessTime, asOf);
    if (status !== 'not yet') result.push({ ...entry, uncertain: status === 'uncertain' });
  }
  return result.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}
