import { businessTimeProblems, describeBusinessTime, endOf, startOf, type BusinessTime } from '@plan-ledger/domain';
import type { Actor, RecordedEvent } from '@plan-ledger/event-store';
import { effectiveLedger } from './effective-entries';
import { actorWords, changeWords, factOf, nameKey, subjectOf, valueWords, type LooseData, type Names } from './plain-words';
import { planOwner, rawText } from './raw-event';

/**
 * An entry counts as recorded late when it was recorded more than this many days after it happened (after the last
 * day its business time can mean, so a fact known only to the month is not late for being entered at the month's end).
 * A fortnight: long enough for a letter to arrive and be entered, short enough that a board would ask why.
 */
export const LATE_AFTER_DAYS = 14;

export interface LearntOptions {
  /** Days after it happened beyond which an entry is "recorded late"; default LATE_AFTER_DAYS. */
  readonly lateAfterDays?: number;
}

/** One thing learnt between two moments. */
export interface LearntEntry {
  /** `entry`: a fact recorded within lateAfterDays of happening; `recorded late`: one recorded after that. */
  readonly kind: 'entry' | 'recorded late' | 'correction' | 'retraction';
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly occurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly actor: Actor;
  /** For a correction or retraction: the event it names. */
  readonly names: string | null;
  readonly reason: string | null;
  /** For an entry: whole days from the last day it can have happened to the day it was recorded; null otherwise. */
  readonly daysLate: number | null;
  /** What changed, in the domain's words: "priority p2 'The front door': grade red → amber (corrected by ..., at ..., because ...)". */
  readonly words: string;
}

/** A correction as its words need it: the corrected event's effective type and data, and the values it replaced. */
interface CorrectedEntry {
  readonly type: string;
  readonly data: LooseData;
  readonly from: LooseData;
  readonly occurredAt?: { readonly from: BusinessTime; readonly to: BusinessTime };
}

/** What the words of one stream's events need: its raw events by id, and each correction (by its event id). */
interface StreamContext {
  readonly byId: ReadonlyMap<string, RecordedEvent>;
  readonly corrected: ReadonlyMap<string, CorrectedEntry>;
}

interface WordsContext {
  readonly names: Names;
  readonly streams: ReadonlyMap<string, StreamContext>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The events that name (or rename) what others refer to by id. */
const TITLES: Readonly<Record<string, { kind: string; id: string; title: string }>> = {
  PlanCreated: { kind: 'plan', id: 'planId', title: 'title' },
  PrioritySet: { kind: 'priority', id: 'priorityId', title: 'title' },
  PriorityAmended: { kind: 'priority', id: 'priorityId', title: 'title' },
  ActionAdded: { kind: 'action', id: 'actionId', title: 'title' },
  ActionAmended: { kind: 'action', id: 'actionId', title: 'title' },
  IndicatorDefined: { kind: 'indicator', id: 'indicatorId', title: 'name' },
};

/** Every stream that ever claimed to be the council's, by its PlanCreated or a correction moving a plan to it. */
function streamsOf(events: readonly RecordedEvent[], laCode: string): Set<string> {
  const streams = new Set([`authority-${laCode}`]);
  for (const event of events) {
    if (planOwner(event) === laCode) streams.add(event.streamId);
    const changes: unknown = event.type === 'EventCorrected' && event.streamId.startsWith('plan-') ? event.data.changes : undefined;
    if (isLoose(changes) && changes.laCode === laCode) streams.add(event.streamId);
  }
  return streams;
}

/** Titles of what events name by id, from each stream's effective entries (so a corrected title is the one used). */
function contexts(events: readonly RecordedEvent[]): WordsContext {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
  const names = new Map<string, string>();
  const streams = new Map<string, StreamContext>();
  for (const [streamId, own] of byStream) {
    const corrected = new Map<string, CorrectedEntry>();
    const byId = new Map(own.map((e) => [e.eventId, e]));
    for (const entry of effectiveLedger(own).entries) {
      const fields: [string, unknown][] = Object.entries(entry.data);
      const data: LooseData = Object.fromEntries(fields);
      const titled = TITLES[entry.type];
      const id = titled && data[titled.id];
      const title = titled && data[titled.title];
      if (titled && typeof id === 'string' && typeof title === 'string') names.set(nameKey(streamId, titled.kind, id), title);
      // The business date before each correction: the event's as recorded, then each correction's in turn.
      let date = byId.get(entry.eventId)?.metadata.occurredAt ?? entry.occurredAt;
      for (const correction of entry.corrections) {
        const occurredAt = correction.occurredAt ? { from: date, to: correction.occurredAt } : undefined;
        corrected.set(correction.eventId, { type: entry.type, data, from: correction.from, ...(occurredAt ? { occurredAt } : {}) });
        if (correction.occurredAt) date = correction.occurredAt;
      }
    }
    streams.set(streamId, { byId, corrected });
  }
  return { names, streams };
}

/** Whole days from the last day a business time can mean to the day an event was recorded; null for an unreadable time. */
function daysAfter(occurredAt: BusinessTime, recordedAt: string): number | null {
  if (businessTimeProblems(occurredAt, 'occurredAt').length > 0) return null;
  return Math.max(0, Math.floor((Date.parse(recordedAt.slice(0, 10)) - Date.parse(endOf(occurredAt))) / DAY_MS));
}

function learnt(event: RecordedEvent, context: WordsContext, lateAfterDays: number): LearntEntry {
  const correction = event.type === 'EventCorrected';
  const retraction = event.type === 'EventRetracted';
  const names = (correction ? rawText(event, 'correctedEventId') : retraction ? rawText(event, 'retractedEventId') : undefined) ?? null;
  const reason = (correction || retraction ? rawText(event, 'reason') : undefined) ?? null;
  const stream = context.streams.get(event.streamId);
  const who = actorWords(event.metadata.actor);
  const base = {
    eventId: event.eventId,
    streamId: event.streamId,
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    names,
    reason,
  };
  const because = reason ? `, because ${reason}` : '';
  if (correction) {
    const known = stream?.corrected.get(event.eventId);
    const target = names === null ? undefined : stream?.byId.get(names);
    const changes: unknown = event.data.changes;
    const subject = known
      ? subjectOf(known.type, known.data, event.streamId, context.names)
      : target
        ? subjectOf(target.type, target.data, event.streamId, context.names)
        : `event ${names ?? '(none named)'}`;
    const what = changeWords(isLoose(changes) ? changes : {}, known?.from);
    if (known?.occurredAt) what.push(`date ${valueWords(known.occurredAt.from)} → ${valueWords(known.occurredAt.to)}`);
    const words = `${subject}: ${what.length ? what.join('; ') : 'no change'} (corrected by ${who}, at ${event.recordedAt}${because})`;
    return { ...base, kind: 'correction', daysLate: null, words };
  }
  if (retraction) {
    const target = names === null ? undefined : stream?.byId.get(names);
    const fact = target ? factOf(target.type, target.data, event.streamId, context.names) : `event ${names ?? '(none named)'}`;
    return {
      ...base,
      kind: 'retraction',
      daysLate: null,
      words: `${fact}: retracted (retracted by ${who}, at ${event.recordedAt}${because})`,
    };
  }
  const daysLate = daysAfter(event.metadata.occurredAt, event.recordedAt);
  const late = daysLate !== null && daysLate > lateAfterDays;
  const when = daysLate === null ? 'at an unreadable date' : describeBusinessTime(event.metadata.occurredAt);
  const after = daysLate === null ? '' : `, ${daysLate} ${daysLate === 1 ? 'day' : 'days'} after`;
  const words =
    `${factOf(event.type, event.data, event.streamId, context.names)}, ${when} ` +
    `(recorded${late ? ' late' : ''} by ${who}, at ${event.recordedAt}${after})`;
  return { ...base, kind: late ? 'recorded late' : 'entry', daysLate, words };
}

/** In the order recorded: callers may pass the council's streams one after another rather than in log order. */
function inRecordedOrder(events: readonly RecordedEvent[]): RecordedEvent[] {
  return [...events].sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
}

function isLoose(value: unknown): value is LooseData {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What was learnt about an authority's business date `asOf` between knownAt and vs: events that had happened by
 * asOf but were recorded after knownAt (and by vs), and every correction or retraction recorded in that window.
 */
export function knowledgeDiff(
  events: Iterable<RecordedEvent>,
  laCode: string,
  asOf: string,
  knownAt: string,
  vs: string,
  options: LearntOptions = {},
): LearntEntry[] {
  const known = [...events].filter((e) => e.recordedAt <= vs);
  const streams = streamsOf(known, laCode);
  const ours = known.filter((e) => streams.has(e.streamId));
  const context = contexts(ours);
  return inRecordedOrder(ours)
    .filter((e) => e.recordedAt > knownAt)
    .filter((e) => e.type === 'EventCorrected' || e.type === 'EventRetracted' || startOf(e.metadata.occurredAt) <= asOf)
    .map((e) => learnt(e, context, options.lateAfterDays ?? LATE_AFTER_DAYS));
}

/**
 * Everything entered or corrected in a recording window [from, to], optionally for one authority, with who did it.
 * Pass the whole of each stream concerned as recorded by `to` (not only the window): a plan created before the
 * window is known to be the council's only from its PlanCreated, and a correction is told in words only from the
 * event it corrects.
 */
export function changesRecorded(
  events: Iterable<RecordedEvent>,
  from: string,
  to: string,
  laCode?: string,
  options: LearntOptions = {},
): LearntEntry[] {
  const known = [...events].filter((e) => e.recordedAt <= to);
  const streams = laCode ? streamsOf(known, laCode) : undefined;
  const ours = streams ? known.filter((e) => streams.has(e.streamId)) : known;
  const context = contexts(ours);
  return inRecordedOrder(ours)
    .filter((e) => e.recordedAt >= from)
    .map((e) => learnt(e, context, options.lateAfterDays ?? LATE_AFTER_DAYS));
}
