import type { BusinessTime } from '../business-time/business-time';
import type { EventCorrectedData } from '../correction/correction-events';
import type { HistoryEvent } from './history-event';

export type EventData = Readonly<Record<string, unknown>>;

/** A correction that took effect, with its own data as corrected in turn (a correction can be corrected). */
export interface EffectiveCorrection<E extends HistoryEvent> {
  readonly event: E;
  readonly changes: EventData;
  /** The changed fields' values just before this correction took effect; null for a field that was absent. */
  readonly from: EventData;
  readonly occurredAt?: BusinessTime;
  readonly reason: string;
}

/** One fact of the stream as it now stands: its data with every effective correction applied. */
export interface EffectiveEvent<E extends HistoryEvent> {
  readonly event: E;
  readonly type: string;
  readonly eventId: string;
  readonly data: EventData;
  /** The business time after corrections; undefined when neither the event nor a correction gave one. */
  readonly occurredAt?: BusinessTime;
  /** Effective corrections, oldest first. */
  readonly corrections: readonly EffectiveCorrection<E>[];
}

export function isCorrectionType(type: string): type is 'EventCorrected' | 'EventRetracted' {
  return type === 'EventCorrected' || type === 'EventRetracted';
}

function asData(value: unknown): EventData {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as EventData) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `null` in a correction removes an optional field; anything else replaces it. */
export function applyChanges(data: EventData, changes: EventData): EventData {
  const next: Record<string, unknown> = { ...data };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete next[field];
    else next[field] = value;
  }
  return next;
}

function valuesBefore(data: EventData, changes: EventData): EventData {
  return Object.fromEntries(Object.keys(changes).map((field) => [field, Object.hasOwn(data, field) ? data[field] : null]));
}

interface Resolved<E extends HistoryEvent> {
  readonly indexOf: ReadonlyMap<string, number>;
  readonly retracted: Uint8Array;
  readonly data: readonly EventData[];
  readonly occurredAt: readonly (BusinessTime | undefined)[];
  readonly applied: readonly (EffectiveCorrection<E>[] | undefined)[];
}

/**
 * Linear: one forward pass to index, one backward pass in which every correction's own effect is already
 * known (it can only be changed by events recorded after it).
 */
function resolve<E extends HistoryEvent>(events: readonly E[]): Resolved<E> {
  const count = events.length;
  const indexOf = new Map<string, number>();
  const correctedBy = new Map<number, number[]>();
  const retractedBy = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const event = events[i];
    if (isCorrectionType(event.type)) {
      const data = asData(event.data);
      const targetId = event.type === 'EventCorrected' ? data.correctedEventId : data.retractedEventId;
      const target = typeof targetId === 'string' ? indexOf.get(targetId) : undefined;
      if (target !== undefined) {
        const table = event.type === 'EventCorrected' ? correctedBy : retractedBy;
        const list = table.get(target);
        if (list) list.push(i);
        else table.set(target, [i]);
      }
    }
    if (!indexOf.has(event.eventId)) indexOf.set(event.eventId, i);
  }

  const retracted = new Uint8Array(count);
  const data: EventData[] = new Array<EventData>(count);
  const occurredAt: (BusinessTime | undefined)[] = new Array<BusinessTime | undefined>(count);
  const applied: (EffectiveCorrection<E>[] | undefined)[] = new Array<EffectiveCorrection<E>[] | undefined>(count);
  for (let i = count - 1; i >= 0; i--) {
    const retractions = retractedBy.get(i);
    if (retractions?.some((r) => retracted[r] === 0)) {
      retracted[i] = 1;
      continue;
    }
    let current = asData(events[i].data);
    let when = events[i].occurredAt;
    const corrections = correctedBy.get(i);
    if (corrections) {
      const list: EffectiveCorrection<E>[] = [];
      for (const c of corrections) {
        if (retracted[c] === 1) continue;
        const correction = data[c] as Partial<EventCorrectedData>;
        const changes = asData(correction.changes);
        const from = valuesBefore(current, changes);
        current = applyChanges(current, changes);
        const newWhen = correction.occurredAt;
        if (newWhen) when = newWhen;
        list.push({ event: events[c], changes, from, ...(newWhen ? { occurredAt: newWhen } : {}), reason: text(correction.reason) });
      }
      applied[i] = list;
    }
    data[i] = current;
    occurredAt[i] = when;
  }
  return { indexOf, retracted, data, occurredAt, applied };
}

/**
 * The one effective history that deciders and views both read: corrections and retractions applied in the
 * order they were recorded. A correction or retraction may itself be corrected or retracted; retracting a
 * retraction restores its target. Corrections that name no earlier event of the stream are ignored (they
 * cannot be recorded now, but an old log may hold them).
 */
export function effectiveHistory<E extends HistoryEvent>(events: readonly E[]): EffectiveEvent<E>[] {
  const { retracted, data, occurredAt, applied } = resolve(events);
  const result: EffectiveEvent<E>[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (retracted[i] === 1 || isCorrectionType(event.type)) continue;
    const when = occurredAt[i];
    result.push({
      event,
      type: event.type,
      eventId: event.eventId,
      data: data[i],
      ...(when ? { occurredAt: when } : {}),
      corrections: applied[i] ?? [],
    });
  }
  return result;
}

/** An event of the stream (corrections included) as it now stands; undefined if unknown or retracted. */
export function standingEvent<E extends HistoryEvent>(
  events: readonly E[],
  eventId: string,
): { readonly event: E; readonly data: EventData } | undefined {
  const { indexOf, retracted, data } = resolve(events);
  const i = indexOf.get(eventId);
  if (i === undefined || retracted[i] === 1) return undefined;
  return { event: events[i], data: data[i] };
}
