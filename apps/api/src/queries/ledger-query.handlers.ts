import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { authorityStreamId, planStreamId, type Region } from '@plan-ledger/domain';
import type { RecordedEvent } from '@plan-ledger/event-store';
import {
  authorityView,
  latestMonitoringVisit,
  rawText,
  indicatorSeries,
  isEntryOf,
  planGradings,
  planView,
  timeline,
  withSupersession,
  type LedgerEntry,
  type PlanView,
  type ReadModelReader,
  type UnreadableEntry,
} from '@plan-ledger/projections';
import { NotFound } from '../errors/input-rejected';
import { StreamUnreadable } from '../errors/stream-unreadable';
import { LedgerReader, type ResolvedCut } from '../ledger/ledger-reader';
import { councilsOfPlanStream } from '../ledger/plan-councils';
import { ReadModelService } from '../read-models/read-model.service';
import { authorityFromModel, modelAt, modelAtCut, planFromModel, planLinesFromModel } from './model-answers';
import { inRegion, regionFilter } from './portfolio-queries';
import { relayPage, type PageArgs } from './relay-page';
import {
  AuthoritiesQuery,
  AuthorityQuery,
  HistoryQuery,
  IndicatorSeriesQuery,
  PlanGradingsQuery,
  PlanQuery,
  TimelineQuery,
  type AuthoritiesFilter,
  type AuthorityWithPlans,
} from './ledger-queries';

interface AuthorityAtCut {
  readonly authority: AuthorityWithPlans;
  /** The authority's entries and those of its plans, all at the cut. */
  readonly entries: LedgerEntry[];
  readonly plans: PlanView[];
}

/**
 * An authority with the plans that belonged to it at the cut, each stream read once. Events no view can read are set
 * aside and listed (`unreadable`); a stream that still cannot be folded is a StreamUnreadable naming it.
 */
async function authorityAt(reader: LedgerReader, laCode: string, cut: ResolvedCut): Promise<AuthorityAtCut> {
  const streamId = authorityStreamId(laCode);
  const ledger = await reader.authorityLedger(laCode, cut);
  const view = ledger && foldOrName(streamId, () => authorityView(ledger.entries));
  if (ledger && !view && ledger.unreadable.length > 0) throw new StreamUnreadable(streamId, describeUnreadable(ledger.unreadable));
  if (!ledger || !view) throw new NotFound(`authority ${laCode}`);
  const plans: PlanView[] = [];
  const planEntries: LedgerEntry[] = [];
  const unreadable: UnreadableEntry[] = [...ledger.unreadable];
  for (const planId of await reader.planIdsOf(laCode, cut)) {
    const own = await reader.planLedger(planId, cut);
    const plan = own && foldOrName(planStreamId(planId), () => planView(own.entries, cut.today));
    if (!own || !plan || plan.laCode !== laCode) continue;
    plans.push(plan);
    planEntries.push(...own.entries);
    unreadable.push(...own.unreadable);
  }
  const current = withSupersession(plans);
  const latest = latestMonitoringVisit(view, cut.today);
  return {
    authority: {
      ...view,
      planIds: current.map((p) => p.planId),
      unreadable,
      latestMonitoringVisit: latest.visit,
      daysSinceLatestMonitoringVisit: latest.daysSince,
    },
    entries: [...ledger.entries, ...planEntries],
    plans: current,
  };
}

/** What the log holds that no view can read, for the service's log (the client sees the stream named). */
function describeUnreadable(unreadable: readonly UnreadableEntry[]): string {
  return unreadable.map((u) => `${u.type} ${u.eventId}: ${u.problems.map((p) => `${p.field} ${p.rule}`).join('; ')}`).join(' | ');
}

/** Folds one stream's view; anything a fold throws is reported as that stream being unreadable, never as a crash. */
function foldOrName<T>(streamId: string, fold: () => T): T {
  try {
    return fold();
  } catch (error) {
    throw new StreamUnreadable(streamId, error);
  }
}

@QueryHandler(AuthorityQuery)
export class AuthorityQueryHandler implements IQueryHandler<AuthorityQuery> {
  constructor(
    private readonly reader: LedgerReader,
    private readonly models: ReadModelService,
  ) {}

  async execute(query: AuthorityQuery) {
    const { cut, model } = await modelAt(this.reader, this.models, query.at);
    if (model) return { cut, authority: authorityFromModel(model, cut, query.laCode, model.plansOf(cut.headPosition, [query.laCode])) };
    return { cut, authority: (await authorityAt(this.reader, query.laCode, cut)).authority };
  }
}

@QueryHandler(AuthoritiesQuery)
export class AuthoritiesQueryHandler implements IQueryHandler<AuthoritiesQuery> {
  constructor(
    private readonly reader: LedgerReader,
    private readonly models: ReadModelService,
  ) {}

  async execute(query: AuthoritiesQuery) {
    const { cut, model } = await modelAt(this.reader, this.models, query.at);
    if (model) return this.fromModel(query, cut, model);
    const all: AuthorityWithPlans[] = [];
    const failed: StreamUnreadable[] = [];
    const readable = query.readable;
    for (const laCode of [...new Set(await this.reader.laCodes(cut))].sort()) {
      if (readable !== 'all' && !readable.has(laCode)) continue;
      try {
        all.push((await authorityAt(this.reader, laCode, cut)).authority);
      } catch (error) {
        // Registered after asOf or retracted: not in the answer. Unreadable: named, and every other council answered.
        if (error instanceof StreamUnreadable) failed.push(error);
        else if (!(error instanceof NotFound)) throw error;
      }
    }
    const region = regionFilter(query.filter.region);
    const matching = all.filter((a) =>
      matches(
        { region: a.region, judgement: a.latestOverallJudgement, underIntervention: a.currentIntervention !== null },
        region,
        query.filter,
      ),
    );
    const page = councilPage(matching, query.paging);
    return {
      cut,
      page: [...page.items],
      totalCount: page.totalCount,
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      failed,
    };
  }

  /** From the model: councils filtered and paged on their columns, and only the page's documents read. */
  private fromModel(query: AuthoritiesQuery, cut: ResolvedCut, model: ReadModelReader) {
    const region = regionFilter(query.filter.region);
    const readable = query.readable;
    const councils = model.councils(cut.headPosition).filter((c) => readable === 'all' || readable.has(c.laCode));
    const failed: StreamUnreadable[] = [];
    for (const council of councils.filter((c) => c.state === 'unreadable')) {
      try {
        authorityFromModel(model, cut, council.laCode, []);
      } catch (error) {
        if (error instanceof StreamUnreadable) failed.push(error);
        else throw error;
      }
    }
    const matching = councils.filter((c) => c.state === 'registered' && matches({ ...c, region: c.region ?? '' }, region, query.filter));
    const page = councilPage(matching, query.paging);
    // Only the page's plans: their headers are parsed, and a portfolio holds three plans a council.
    const plans = model.plansOf(
      cut.headPosition,
      page.items.map((c) => c.laCode),
    );
    return {
      cut,
      page: page.items.map((c) => authorityFromModel(model, cut, c.laCode, plans, query.detail)),
      totalCount: page.totalCount,
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      failed,
    };
  }
}

/** Whether a council passes the portfolio's filters (region by the register's name or code). */
function matches(
  council: { region: string; judgement: string | null; underIntervention: boolean },
  region: Region | undefined,
  filter: AuthoritiesFilter,
): boolean {
  return (
    (!region || inRegion(council.region, region)) &&
    (filter.latestJudgement === undefined || council.judgement === filter.latestJudgement) &&
    (filter.underIntervention === undefined || council.underIntervention === filter.underIntervention)
  );
}

/** Councils page by la_code: a cursor is an la_code, and one no longer listed still places the page (keyset). */
function councilPage<T extends { laCode: string }>(matching: readonly T[], paging: PageArgs) {
  return relayPage(matching, paging, (cursor) => {
    if (!/^\d{3}$/.test(cursor)) return undefined;
    const index = matching.findIndex((a) => a.laCode >= cursor);
    if (index < 0) return matching.length - 0.5;
    return matching[index].laCode === cursor ? index : index - 0.5;
  });
}

@QueryHandler(PlanQuery)
export class PlanQueryHandler implements IQueryHandler<PlanQuery> {
  constructor(
    private readonly reader: LedgerReader,
    private readonly models: ReadModelService,
  ) {}

  async execute(query: PlanQuery) {
    const { cut, model } = await modelAt(this.reader, this.models, query.at);
    if (model) return { cut, ...planFromModel(model, cut, query.planId, query.parts) };
    const own = await this.reader.planLedger(query.planId, cut);
    const plan = own && foldOrName(planStreamId(query.planId), () => planView(own.entries, cut.today));
    if (own && !plan && own.unreadable.length > 0)
      throw new StreamUnreadable(planStreamId(query.planId), describeUnreadable(own.unreadable));
    if (!plan) throw new NotFound(`plan ${query.planId}`);
    // Whether a later plan supersedes this one is known only across the council's plans.
    const council = await authorityAt(this.reader, plan.laCode, cut).catch(() => undefined);
    const current = council?.plans.find((p) => p.planId === plan.planId) ?? plan;
    return { cut, plan: current, unreadable: own.unreadable };
  }
}

@QueryHandler(PlanGradingsQuery)
export class PlanGradingsQueryHandler implements IQueryHandler<PlanGradingsQuery> {
  constructor(
    private readonly reader: LedgerReader,
    private readonly models: ReadModelService,
  ) {}

  async execute(query: PlanGradingsQuery) {
    const { at } = query;
    const { cut, model } = 'headPosition' in at ? await modelAtCut(this.models, at) : await modelAt(this.reader, this.models, at);
    if (model) {
      const laCode = model.planCouncil(cut.headPosition, query.planId);
      if (laCode !== undefined) return { cut, laCode, gradings: model.gradings(cut.headPosition, query.planId) };
      // No header in the model: an unreadable creation or no such plan, which the fold tells apart.
    }
    const ledger = await this.reader.planLedger(query.planId, cut);
    const created = ledger?.entries.find(isEntryOf('PlanCreated'));
    if (ledger && !created && ledger.unreadable.length > 0)
      throw new StreamUnreadable(planStreamId(query.planId), 'its creation cannot be read');
    if (!ledger || !created) throw new NotFound(`plan ${query.planId}`);
    return { cut: { ...cut, answeredFrom: 'fold' as const }, laCode: created.data.laCode, gradings: planGradings(ledger.entries) };
  }
}

@QueryHandler(TimelineQuery)
export class TimelineQueryHandler implements IQueryHandler<TimelineQuery> {
  constructor(
    private readonly reader: LedgerReader,
    private readonly models: ReadModelService,
  ) {}

  async execute(query: TimelineQuery) {
    const { cut, model } = await modelAt(this.reader, this.models, query.at);
    if (model) {
      const planLines = planLinesFromModel(model, cut, query.laCode);
      const own = await this.reader.authorityLedger(query.laCode, cut);
      return { cut, entries: timeline(own?.entries ?? [], query.range, planLines) };
    }
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
      const field = event.type === 'EventCorrected' ? 'correctedEventId' : event.type === 'EventRetracted' ? 'retractedEventId' : undefined;
      const target = field && rawText(event, field);
      if (target) correctedBy.set(target, [...(correctedBy.get(target) ?? []), event.eventId]);
    }
    const start = query.after ? Number(query.after) + 1 : 0;
    return {
      cut,
      councils: councilsOfStream(query.streamId, events),
      events: events.slice(start, start + query.first),
      correctedBy,
      totalCount: events.length,
      hasNextPage: start + query.first < events.length,
    };
  }
}

/** The councils whose records a stream holds: an authority stream's own, or every council a plan stream has belonged to. */
function councilsOfStream(streamId: string, events: readonly RecordedEvent[]): readonly string[] | undefined {
  if (streamId.startsWith('authority-')) return [streamId.slice('authority-'.length)];
  return streamId.startsWith('plan-') ? councilsOfPlanStream(events) : undefined;
}

export const LEDGER_QUERY_HANDLERS = [
  AuthorityQueryHandler,
  AuthoritiesQueryHandler,
  PlanQueryHandler,
  PlanGradingsQueryHandler,
  TimelineQueryHandler,
  IndicatorSeriesQueryHandler,
  HistoryQueryHandler,
];
