import { effectiveHistory, happenedBy, upcast, type HistoryEvent } from '@plan-ledger/domain';
import type { JsonObject, RecordedEvent } from '@plan-ledger/event-store';
import type { AppliedCorrection, LedgerEntry } from './ledger-entry';
import { toJsonObject } from './ledger-entry-mapping';

interface Read extends HistoryEvent {
  readonly recorded: RecordedEvent;
}

/**
 * Turns the events of one stream at a cut (already limited to what was recorded by knownAt) into what the views
 * fold: upcast to current shapes, then the domain's one effective history (corrections and retractions applied in
 * the order recorded, the same history the deciders decide on), then (with asOf) only what had happened by then.
 * Pure and deterministic.
 */
export function effectiveEntries(events: readonly RecordedEvent[], asOf?: string): LedgerEntry[] {
  const history: Read[] = events.map((event) => ({
    eventId: event.eventId,
    type: event.type,
    data: upcast({ type: event.type, schemaVersion: event.metadata.schemaVersion ?? 1, data: event.data }).data,
    recordedAt: event.recordedAt,
    occurredAt: event.metadata.occurredAt,
    recorded: event,
  }));
  const result: LedgerEntry[] = [];
  for (const effective of effectiveHistory(history)) {
    const event = effective.event.recorded;
    const corrections: AppliedCorrection[] = effective.corrections.map((correction) => ({
      eventId: correction.event.eventId,
      recordedAt: correction.event.recorded.recordedAt,
      actor: correction.event.recorded.metadata.actor,
      reason: correction.reason,
      changes: toJsonObject(correction.changes),
      ...(correction.occurredAt ? { occurredAt: correction.occurredAt } : {}),
    }));
    const occurredAt = effective.occurredAt ?? event.metadata.occurredAt;
    const status = asOf === undefined ? 'happened' : happenedBy(occurredAt, asOf);
    if (status === 'not yet') continue;
    result.push({
      eventId: event.eventId,
      streamId: event.streamId,
      revision: event.revision,
      position: event.position,
      type: event.type,
      data: toJsonObject(effective.data),
      occurredAt,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      ...(event.metadata.source ? { source: event.metadata.source } : {}),
      corrections,
      uncertain: status === 'uncertain',
    });
  }
  return result;
}
