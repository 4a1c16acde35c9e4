import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type EventCorrectedData, type EventRetractedData } from '@plan-ledger/domain';
import { authorityView, indicatorSeries, planView, timeline, type LedgerEntry, type PlanView } from '@plan-ledger/projections';
import { NotFound } from '../errors/input-rejected';
import { LedgerReader, type ResolvedCut } from '../ledger/ledger-reader';
import {
  AuthoritiesQuery,
  AuthorityQuery,
  HistoryQuery,
  IndicatorSeriesQuery,
  PlanQuery,
  TimelineQuery,
  type AuthorityWithPlans,
} from './ledger-queries';

interface AuthorityAtCut {
  readonly authority: AuthorityWithPlans;
  /** The authority's entries and those of its plans, all at the cut. */
  readonly entries: LedgerEntry[];
  readonly plans: PlanView[];
}

/** An authority with the plans that existed at the cut, each stream read once. */
async function authorityAt(reader: LedgerReader, laCode: string, cut: ResolvedCut): Promise<AuthorityAtCut> {
  const entries = await reader.authorityEntries(laCode, cut);
  const view = entries && authorityView(entries);
  if (!entries || !view) throw new NotFound(`authority ${laCode}`);
  const plans: PlanView[] = [];
  const planEntries: LedgerEntry[] = [];
  for (const planId of await reader.planIdsOf(laCode, cut)) {
    const own = (await reader.planEntries(planId, cut)) ?? [];
    const plan = planView(own, cut.today);
    if (!plan) continue;
    plans.push(plan);
    planEntries.push(...own);
  }
  return { authority: { ...view, planIds: plans.map((p) => p.planId) }, entries: [...entries, ...planEntries], plans };
}

@QueryHandler(AuthorityQuery)
export class AuthorityQueryHandler implements IQueryHandler<AuthorityQuery> {
  constructor(private readonly reader: LedgerReader) {}

  async execute(query: AuthorityQuery) {
    const cut = await this.reader.resolveCut(query.at.knownAt, query.at.asOf);
    return { cut, authority: (await authorityAt(this.reader, query.laCode, cut)).authority };
  }
}

@QueryHandler(AuthoritiesQuery)
export class AuthoritiesQueryHandler implements IQueryHandler<AuthoritiesQuery> {
  constructor(private readonly reader: LedgerReader) {}

  async execute(query: AuthoritiesQuery) {
    const cut = await this.reader.resolveCut(query.at.knownAt, query.at.asOf);
    const all: AuthorityWithPlans[] = [];
    for (const laCode of [...new Set(await this.reader.laCodes(cut))].sort()) {
      try {
        all.push((await authorityAt(this.reader, laCode, cut)).authority);
      } catch (error) {
        if (!(error instanceof NotFound)) throw error; // registered after asOf, or retracted
      }
    }
    const { region, latestJudgement, underIntervention } = query.filter;
    const matching = all.filter(
      (a) =>
        (region === undefined || a.region === region) &&
        (latestJudgement === undefined || a.latestOverallJudgement === latestJudgement) &&
        (underIntervention === undefined || (a.currentIntervention !== null) === underIntervention),
    );
    const start = query.after ? matching.findIndex((a) => a.laCode === query.after) + 1 : 0;
    const page = matching.slice(start, start + query.first);
    return { cut, page, totalCount: matching.length, hasNextPage: start + query.first < matching.length };
  }
}

@QueryHandler(PlanQuery)
export class PlanQueryHandler implements IQueryHandler<PlanQuery> {
  constructor(private readonly reader: LedgerReader) {}

  async execute(query: PlanQuery) {
    const cut = await this.reader.resolveCut(query.at.knownAt, query.at.asOf);
    const entries = await this.reader.planEntries(query.planId, cut);
    const plan = entries && planView(entries, cut.today);
    if (!plan) throw new NotFound(`plan ${query.planId}`);
    return { cut, plan };
  }
}

@QueryHandler(TimelineQuery)
export class TimelineQueryHandler implements IQueryHandler<TimelineQuery> {
  constructor(private readonly reader: LedgerReader) {}

  async execute(query: TimelineQuery) {
    const cut = await this.reader.resolveCut(query.at.knownAt, query.at.asOf);
    const { entries } = await authorityAt(this.reader, query.laCode, cut);
    return { cut, entries: timeline(entries, { ...query.range, asOf: cut.asOf }) };
  }
}

@QueryHandler(IndicatorSeriesQuery)
export class IndicatorSeriesQueryHandler implements IQueryHandler<IndicatorSeriesQuery> {
  constructor(private readonly reader: LedgerReader) {}

  async execute(query: IndicatorSeriesQuery) {
    const cut = await this.reader.resolveCut(query.at.knownAt, query.at.asOf);
    const { plans } = await authorityAt(this.reader, query.laCode, cut);
    return { cut, indicators: indicatorSeries(plans, query.indicatorIds) };
  }
}

@QueryHandler(HistoryQuery)
export class HistoryQueryHandler implements IQueryHandler<HistoryQuery> {
  constructor(private readonly reader: LedgerReader) {}

  async execute(query: HistoryQuery) {
    const cut = await this.reader.resolveCut(query.knownAt);
    const events = await this.reader.streamEvents(query.streamId, cut);
    if (!events) throw new NotFound(`stream ${query.streamId}`);
    const correctedBy = new Map<string, string[]>();
    for (const event of events) {
      const target =
        event.type === 'EventCorrected'
          ? (event.data as unknown as EventCorrectedData).correctedEventId
          : event.type === 'EventRetracted'
            ? (event.data as unknown as EventRetractedData).retractedEventId
            : undefined;
      if (target) correctedBy.set(target, [...(correctedBy.get(target) ?? []), event.eventId]);
    }
    const start = query.after ? Number(query.after) + 1 : 0;
    return {
      cut,
      events: events.slice(start, start + query.first),
      correctedBy,
      totalCount: events.length,
      hasNextPage: start + query.first < events.length,
    };
  }
}

export const LEDGER_QUERY_HANDLERS = [
  AuthorityQueryHandler,
  AuthoritiesQueryHandler,
  PlanQueryHandler,
  TimelineQueryHandler,
  IndicatorSeriesQueryHandler,
  HistoryQueryHandler,
];
