import { Inject, Injectable } from '@nestjs/common';
import { authorityStreamId, planStreamId, type PlanCreatedData } from '@plan-ledger/domain';
import { StreamNotFound, type Clock, type EventStore, type RecordedEvent } from '@plan-ledger/event-store';
import { effectiveEntries, type Cut, type LedgerEntry } from '@plan-ledger/projections';
import { CLOCK, EVENT_STORE } from '../event-store/event-store.tokens';

/** The cut an answer was computed on, returned with it so that the same question can be asked again. */
export interface ResolvedCut extends Cut {
  readonly knownAt: string;
  readonly headPosition: bigint;
}

/**
 * Reads what the views fold: the streams of an authority and its plans, cut at knownAt (recordedUntil) and
 * asOf. The only place queries touch the store, and the only place the clock is read for them.
 */
@Injectable()
export class LedgerReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Fixes "now" for a query that gave no knownAt, so its answer names a reproducible cut. */
  async resolveCut(knownAt?: string, asOf?: string): Promise<ResolvedCut> {
    const resolvedKnownAt = knownAt ? new Date(knownAt).toISOString() : this.clock.now().toISOString();
    const headPosition = await this.store.headPosition();
    const today = asOf ?? resolvedKnownAt.slice(0, 10);
    return { knownAt: resolvedKnownAt, asOf, today, headPosition };
  }

  async streamEvents(streamId: string, knownAt: string): Promise<RecordedEvent[] | undefined> {
    const events: RecordedEvent[] = [];
    try {
      for await (const event of this.store.readStream(streamId, { recordedUntil: knownAt })) events.push(event);
    } catch (error) {
      if (error instanceof StreamNotFound) return undefined;
      throw error;
    }
    return events;
  }

  async authorityEntries(laCode: string, cut: ResolvedCut): Promise<LedgerEntry[] | undefined> {
    const events = await this.streamEvents(authorityStreamId(laCode), cut.knownAt);
    return events && events.length > 0 ? effectiveEntries(events, cut.asOf) : undefined;
  }

  async planEntries(planId: string, cut: ResolvedCut): Promise<LedgerEntry[] | undefined> {
    const events = await this.streamEvents(planStreamId(planId), cut.knownAt);
    return events && events.length > 0 ? effectiveEntries(events, cut.asOf) : undefined;
  }

  /** The plans of an authority known at the cut, oldest first. */
  async planIdsOf(laCode: string, cut: ResolvedCut): Promise<string[]> {
    const ids: string[] = [];
    for await (const event of this.store.readAll({ types: ['PlanCreated'], streamPrefix: 'plan-', recordedUntil: cut.knownAt })) {
      const data = event.data as unknown as PlanCreatedData;
      if (data.laCode === laCode) ids.push(data.planId);
    }
    return ids;
  }

  /** The raw events of an authority and of its plans, recorded by knownAt: what reports and diffs fold. */
  async authorityEvents(laCode: string, knownAt: string): Promise<RecordedEvent[]> {
    const events = (await this.streamEvents(authorityStreamId(laCode), knownAt)) ?? [];
    const cut = { knownAt, today: knownAt.slice(0, 10), headPosition: 0n };
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

  /** Every registered authority's la_code known at the cut. */
  async laCodes(cut: ResolvedCut): Promise<string[]> {
    const codes: string[] = [];
    for await (const event of this.store.readAll({
      types: ['AuthorityRegistered'],
      streamPrefix: 'authority-',
      recordedUntil: cut.knownAt,
    })) {
      codes.push(String(event.data.laCode));
    }
    return codes;
  }
}
