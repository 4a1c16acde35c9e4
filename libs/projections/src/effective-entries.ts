import { businessTimeProblems, effectiveHistory, happenedBy, upcast, type HistoryEvent } from '@plan-ledger/domain';
import type { RecordedEvent } from '@plan-ledger/event-store';
import { dataAsOf } from './as-of-data';
import type { AppliedCorrection, LedgerEntry } from './ledger-entry';
import { toJsonObject, toLedgerEntry } from './ledger-entry-mapping';
import { dataProblems, type UnreadableEntry } from './unreadable-entry';

interface Read extends HistoryEvent {
  readonly recorded: RecordedEvent;
}

/** One stream at a cut: what the views fold, and what they could not. */
export interface EffectiveLedger {
  readonly entries: LedgerEntry[];
  /** Events that had happened by the cut but whose data or business time is not of their type's shape. */
  readonly unreadable: UnreadableEntry[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns the events of one stream at a cut (already limited to what was recorded by knownAt) into what the views
 * fold: upcast to current shapes, then the domain's one effective history (corrections and retractions applied in
 * the order recorded, the same history the deciders decide on), then (with asOf) only what had happened by then:
 * no event that had not, and no later step of one that had (a review's publication, a report's date; dataAsOf).
 * An event whose effective data does not fit its type is set aside as unreadable, so no stored event can make a
 * view throw. Pure and deterministic.
 */
export function effectiveLedger(events: readonly RecordedEvent[], asOf?: string): EffectiveLedger {
  const history: Read[] = events.map((event) => ({
    eventId: event.eventId,
    type: event.type,
    // Upcasters expect an object; anything else is left as it is, to be named unreadable below.
    data: isObject(event.data)
      ? upcast({ type: event.type, schemaVersion: event.metadata.schemaVersion ?? 1, data: event.data }).data
      : event.data,
    recordedAt: event.recordedAt,
    occurredAt: event.metadata.occurredAt,
    recorded: event,
  }));
  const entries: LedgerEntry[] = [];
  const unreadable: UnreadableEntry[] = [];
  for (const effective of effectiveHistory(history)) {
    const event = effective.event.recorded;
    const occurredAt = effective.occurredAt ?? event.metadata.occurredAt;
    const timeProblems = businessTimeProblems(occurredAt, 'occurredAt');
    const status = asOf === undefined || timeProblems.length > 0 ? 'happened' : happenedBy(occurredAt, asOf);
    if (status === 'not yet') continue;
    const problems = [...dataProblems(event.type, effective.event.data, effective.data), ...timeProblems];
    if (problems.length > 0) {
      unreadable.push({ eventId: event.eventId, streamId: event.streamId, type: event.type, problems });
      continue;
    }
    const corrections: AppliedCorrection[] = effective.corrections.map((correction) => ({
      eventId: correction.event.eventId,
      recordedAt: correction.event.recorded.recordedAt,
      actor: correction.event.recorded.metadata.actor,
      reason: correction.reason,
      from: toJsonObject(correction.from),
      changes: toJsonObject(correction.changes),
      ...(correction.occurredAt ? { occurredAt: correction.occurredAt } : {}),
    }));
    const base = {
      eventId: event.eventId,
      streamId: event.streamId,
      revision: event.revision,
      position: event.position,
      occurredAt,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      ...(event.metadata.source ? { source: event.metadata.source } : {}),
      corrections,
      uncertain: status === 'uncertain',
    };
    entries.push(toLedgerEntry(base, event.type, asOf === undefined ? effective.data : dataAsOf(event.type, effective.data, asOf)));
  }
  return { entries, unreadable };
}

/** The entries of effectiveLedger alone, for callers that do not report what could not be read. */
export function effectiveEntries(events: readonly RecordedEvent[], asOf?: string): LedgerEntry[] {
  return effectiveLedger(events, asOf).entries;
}
