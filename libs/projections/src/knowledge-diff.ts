import { startOf, type BusinessTime } from '@plan-ledger/domain';
import type { Actor, RecordedEvent } from '@plan-ledger/event-store';
import { planOwner, rawText } from './raw-event';

/** One thing learnt between two moments. */
export interface LearntEntry {
  readonly kind: 'recorded late' | 'correction' | 'retraction';
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly occurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly actor: Actor;
  /** For a correction or retraction: the event it names. */
  readonly names: string | null;
  readonly reason: string | null;
}

function streamsOf(events: readonly RecordedEvent[], laCode: string): Set<string> {
  const streams = new Set([`authority-${laCode}`]);
  for (const event of events) {
    if (planOwner(event) === laCode) streams.add(event.streamId);
  }
  return streams;
}

function learnt(event: RecordedEvent): LearntEntry {
  const correction = event.type === 'EventCorrected';
  const retraction = event.type === 'EventRetracted';
  return {
    kind: correction ? 'correction' : retraction ? 'retraction' : 'recorded late',
    eventId: event.eventId,
    streamId: event.streamId,
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    names: (correction ? rawText(event, 'correctedEventId') : retraction ? rawText(event, 'retractedEventId') : undefined) ?? null,
    reason: (correction || retraction ? rawText(event, 'reason') : undefined) ?? null,
  };
}

/**
 * What was learnt about an authority's business date `asOf` between knownAt and vs: events that had happened by
 * asOf but were recorded after knownAt (and by vs), and every correction or retraction recorded in that window.
 */
export function knowledgeDiff(events: Iterable<RecordedEvent>, laCode: string, asOf: string, knownAt: string, vs: string): LearntEntry[] {
  const all = [...events];
  const streams = streamsOf(
    all.filter((e) => e.recordedAt <= vs),
    laCode,
  );
  return all
    .filter((e) => streams.has(e.streamId) && e.recordedAt > knownAt && e.recordedAt <= vs)
    .filter((e) => e.type === 'EventCorrected' || e.type === 'EventRetracted' || startOf(e.metadata.occurredAt) <= asOf)
    .map(learnt);
}

/** Everything entered or corrected in a recording window [from, to], optionally for one authority, with who did it. */
export function changesRecorded(events: Iterable<RecordedEvent>, from: string, to: string, laCode?: string): LearntEntry[] {
  const all = [...events];
  const streams = laCode ? streamsOf(all, laCode) : undefined;
  return all.filter((e) => e.recordedAt >= from && e.recordedAt <= to && (!streams || streams.has(e.streamId))).map(learnt);
}
