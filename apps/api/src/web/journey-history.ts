import { describeBusinessTime, type BusinessTime } from '@plan-ledger/domain';
import type { RecordedEvent } from '@plan-ledger/event-store';

/** One field a correction changed: what it held just before, and what the correction made it. */
export interface ChangedField {
  readonly field: string;
  readonly from: string;
  readonly to: string;
}

/** What a correction or retraction did to an earlier event of the stream, as the history page shows it. */
export interface CorrectionDone {
  readonly eventId: string;
  readonly kind: 'corrected' | 'retracted';
  readonly reason: string;
  readonly targetId: string;
  readonly changes: readonly ChangedField[];
}

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isBusinessTime = (value: unknown): value is BusinessTime =>
  isObject(value) && typeof value.from === 'string' && typeof value.precision === 'string';

/** A value as a reader would say it; the log may hold any JSON, so nothing here may throw. */
export function valueInWords(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isBusinessTime(value)) return describeBusinessTime(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    return value.map((item) => (isObject(item) && typeof item.name === 'string' ? item.name : valueInWords(item))).join(', ');
  }
  if (isObject(value) && typeof value.start === 'string' && typeof value.end === 'string') return `${value.start} to ${value.end}`;
  return JSON.stringify(value);
}

/** "MonitoringVisitLogged" as "Monitoring visit logged": the log's names for events, read aloud. */
export function eventTypeInWords(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "occurredAt" as "occurred at", for a changed field's name. */
export function fieldInWords(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * What each correction and retraction of a stream did, in the order they were recorded: every changed field from what
 * it held just before (the original, or what an earlier correction made it) to its new value. Read from the whole
 * stream, so that a correction on a later page still says what it changed.
 */
export function correctionsOf(events: readonly RecordedEvent[]): Map<string, CorrectionDone> {
  const current = new Map<string, Record<string, unknown>>();
  const done = new Map<string, CorrectionDone>();
  for (const event of events) {
    const data: Readonly<Record<string, unknown>> = event.data;
    const reason = typeof data.reason === 'string' ? data.reason : '(no reason given)';
    if (event.type === 'EventCorrected' && typeof data.correctedEventId === 'string') {
      const targetId = data.correctedEventId;
      const before = current.get(targetId);
      const changes: ChangedField[] = [];
      const next = { ...(before ?? {}) };
      for (const [field, to] of Object.entries(isObject(data.changes) ? data.changes : {})) {
        changes.push({ field: fieldInWords(field), from: before ? valueInWords(before[field]) : '(unknown)', to: valueInWords(to) });
        next[field] = to;
      }
      if (isBusinessTime(data.occurredAt)) {
        changes.push({
          field: 'when it happened',
          from: before ? valueInWords(before.occurredAt) : '(unknown)',
          to: describeBusinessTime(data.occurredAt),
        });
        next.occurredAt = data.occurredAt;
      }
      if (before) current.set(targetId, next);
      done.set(event.eventId, { eventId: event.eventId, kind: 'corrected', reason, targetId, changes });
    } else if (event.type === 'EventRetracted' && typeof data.retractedEventId === 'string') {
      done.set(event.eventId, { eventId: event.eventId, kind: 'retracted', reason, targetId: data.retractedEventId, changes: [] });
    } else {
      current.set(event.eventId, { ...event.data, occurredAt: event.metadata.occurredAt });
    }
  }
  return done;
}
