import { Inject, Injectable } from '@nestjs/common';
import { authorityStreamId, planStreamId } from '@plan-ledger/domain';
import { StreamNotFound, type Clock, type EventStore, type JsonObject, type JsonValue, type RecordedEvent } from '@plan-ledger/event-store';
import { effectiveEntries, effectiveLedger, type Cut, type EffectiveLedger, type LedgerEntry } from '@plan-ledger/projections';
import { CLOCK, EVENT_STORE } from '../event-store/event-store.tokens';

/** The cut an answer was computed on, returned with it so that the same question can be asked again. */
export interface ResolvedCut extends Cut {
  /**
   * The instant the answer is as known at: the knownAt asked for or, when none was, the later of the clock and the
   * last event's recordedAt (recordedAt never goes backwards, so it can be ahead of a clock that was stepped back).
   */
  readonly knownAt: string;
  /** The recordedUntil the log was read with: the knownAt asked for, or null when none was (read to headPosition). */
  readonly recordedUntil: string | null;
  readonly headPosition: bigint;
  /** Where the answer came from: the read model at headPosition, or a fold of the log (asOf, or a model behind). */
  readonly answeredFrom?: 'read model' | 'fold';
  /** The read model's position when the question was answered, and how many events of the log it had not folded. */
  readonly readModel?: { readonly position: bigint; readonly eventsBehind: number };
}

/** The recordedAt of the event at `headPosition` (the last one in the log), undefined for an empty log. */
export async function lastRecordedAt(store: EventStore, headPosition?: bigint): Promise<string | undefined> {
  const head = headPosition ?? (await store.headPosition());
  if (head === 0n) return undefined;
  for await (const event of store.readAll({ fromPosition: head, maxCount: 1 })) return event.recordedAt;
  return undefined;
}

/**
 * Reads what the views fold: the streams of an authority and its plans, cut at knownAt (recordedUntil) and
 * asOf. The only place queries touch the store, and the only place the clock is read for them.
 *
 * A query without knownAt reads the whole log up to its head, never up to the clock: recordedAt is kept monotonic,
 * so after the clock was ahead once (and set right), every later event carries that future recordedAt, and a cut
 * at the clock would hide them all.
 */
@Injectable()
export class LedgerReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Fixes the cut of a query: at its knownAt, or at the head of the log when it gave none, so its answer names a
   * reproducible cut. Its headPosition is the last event in the log at the cut: with knownAt, the last recorded by
   * then, not the head when the question was asked (events recorded since are no part of the answer).
   */
  async resolveCut(knownAt?: string, asOf?: string): Promise<ResolvedCut> {
    const headPosition = await this.store.headPosition();
    if (knownAt) {
      const at = new Date(knownAt).toISOString();
      return {
        knownAt: at,
        recordedUntil: at,
        asOf,
        today: asOf ?? at.slice(0, 10),
        headPosition: await this.positionAt(at, headPosition),
      };
    }
    const now = this.clock.now().toISOString();
    const last = await lastRecordedAt(this.store, headPosition);
    const at = last !== undefined && last > now ? last : now;
    return { knownAt: at, recordedUntil: null, asOf, today: asOf ?? now.slice(0, 10), headPosition };
  }

  /**
   * The position of the last event recorded by `at`, 0n when none was; `head` is the log's head position. One index
   * seek on SQLite, a backwards read of the events after the cut on EventStoreDB (the store's positionRecordedBy). Never
   * past `head`: an event appended since the head was read is no part of this cut, even with `at` in the future.
   */
  private async positionAt(at: string, head: bigint): Promise<bigint> {
    const position = await this.store.positionRecordedBy(at);
    return position < head ? position : head;
  }

  /**
   * A stream's events at a cut, or as known at an instant; undefined when the stream does not exist.
   * A cut without recordedUntil keeps what was in the log at its headPosition.
   */
  async streamEvents(streamId: string, at: string | ResolvedCut): Promise<RecordedEvent[] | undefined> {
    const cut = typeof at === 'string' ? undefined : at;
    const events: RecordedEvent[] = [];
    try {
      for await (const event of this.store.readStream(streamId, readOptions(at))) if (!cut || within(cut, event)) events.push(event);
    } catch (error) {
      if (error instanceof StreamNotFound) return undefined;
      throw error;
    }
    return events;
  }

  /**
   * A stream's revision at the cut (its last event's), as a client passes it in expectedRevision to write next; -1 when
   * the stream had no event. One backwards read of one event.
   */
  async streamRevision(streamId: string, cut: ResolvedCut): Promise<bigint> {
    try {
      for await (const event of this.store.readStream(streamId, {
        fromRevision: 'end',
        direction: 'backwards',
        maxCount: 1,
        ...readOptions(cut),
      }))
        return event.revision;
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    return -1n;
  }

  /** A council's effective history at the cut, with the events no view can read set aside; undefined if none. */
  async authorityLedger(laCode: string, cut: ResolvedCut): Promise<EffectiveLedger | undefined> {
    const events = await this.streamEvents(authorityStreamId(laCode), cut);
    return events && events.length > 0 ? effectiveLedger(events, cut.asOf) : undefined;
  }

  async planLedger(planId: string, cut: ResolvedCut): Promise<EffectiveLedger | undefined> {
    const events = await this.streamEvents(planStreamId(planId), cut);
    return events && events.length > 0 ? effectiveLedger(events, cut.asOf) : undefined;
  }

  async authorityEntries(laCode: string, cut: ResolvedCut): Promise<LedgerEntry[] | undefined> {
    const events = await this.streamEvents(authorityStreamId(laCode), cut);
    return events && events.length > 0 ? effectiveEntries(events, cut.asOf) : undefined;
  }

  async planEntries(planId: string, cut: ResolvedCut): Promise<LedgerEntry[] | undefined> {
    const events = await this.streamEvents(planStreamId(planId), cut);
    return events && events.length > 0 ? effectiveEntries(events, cut.asOf) : undefined;
  }

  /**
   * The plans that may belong to an authority at the cut, oldest first: created for it, or corrected to it. Callers
   * confirm on the plan's effective history (a later correction may have moved it, a retraction removed it).
   */
  async planIdsOf(laCode: string, cut: ResolvedCut): Promise<string[]> {
    const ids: string[] = [];
    for await (const event of this.store.readAll({
      types: ['PlanCreated', 'EventCorrected'],
      streamPrefix: 'plan-',
      ...readOptions(cut),
    })) {
      if (!within(cut, event)) break;
      const claimed = event.type === 'PlanCreated' ? event.data.laCode : changedField(event.data, 'laCode');
      const planId = event.streamId.slice('plan-'.length);
      if (claimed === laCode && !ids.includes(planId)) ids.push(planId);
    }
    return ids;
  }

  /** The raw events of an authority and of its plans, recorded by knownAt: what reports and diffs fold. */
  async authorityEvents(laCode: string, knownAt: string): Promise<RecordedEvent[]> {
    const events = (await this.streamEvents(authorityStreamId(laCode), knownAt)) ?? [];
    const cut = { knownAt, recordedUntil: knownAt, today: knownAt.slice(0, 10), headPosition: 0n };
    for (const planId of await this.planIdsOf(laCode, cut))
      events.push(...((await this.streamEvents(planStreamId(planId), knownAt)) ?? []));
    return events;
  }

  /** Every event recorded in [from, to], in log order. */
  async recordedBetween(from: string, to: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readAll({ recordedUntil: to })) if (event.recordedAt >= from) events.push(event);
    return events;
  }

  /**
   * The whole of every stream that had an event recorded in [from, to], as recorded by `to`: a correction in the
   * window can be told in words only from the event it corrects, which may be older than the window.
   */
  async streamsRecordedBetween(from: string, to: string): Promise<RecordedEvent[]> {
    const streamIds = [...new Set((await this.recordedBetween(from, to)).map((event) => event.streamId))];
    const events: RecordedEvent[] = [];
    for (const streamId of streamIds) events.push(...((await this.streamEvents(streamId, to)) ?? []));
    return events;
  }

  /** Every registered authority's la_code known at the cut. */
  async laCodes(cut: ResolvedCut): Promise<string[]> {
    const codes: string[] = [];
    for await (const event of this.store.readAll({
      types: ['AuthorityRegistered'],
      streamPrefix: 'authority-',
      ...readOptions(cut),
    })) {
      if (!within(cut, event)) break;
      codes.push(String(event.data.laCode));
    }
    return codes;
  }
}

/** The new value a correction's data gives a field, if it changes it. */
function changedField(data: JsonObject, field: string): JsonValue | undefined {
  const changes = data.changes;
  return changes !== null && typeof changes === 'object' && !Array.isArray(changes) ? changes[field] : undefined;
}

/** The read options of a cut: recordedUntil, or none for a read to the head. */
function readOptions(at: string | ResolvedCut): { recordedUntil?: string } {
  const recordedUntil = typeof at === 'string' ? at : at.recordedUntil;
  return recordedUntil === null ? {} : { recordedUntil };
}

/**
 * Whether an event was in the log at a cut read to the head: at or before its headPosition. A position the
 * adapter could not learn (EventStoreDB stream reads, -1) is kept.
 */
function within(cut: ResolvedCut, event: RecordedEvent): boolean {
  return cut.recordedUntil !== null || event.position <= cut.headPosition;
}
