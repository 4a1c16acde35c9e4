import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { AuthoritiesQuery, AuthorityQuery, HistoryQuery, IndicatorSeriesQuery, PlanQuery, TimelineQuery } from '../queries/ledger-queries';
import { AuthoritiesArgs, AuthorityArgs, HistoryArgs, IndicatorSeriesArgs, PlanArgs, TimelineArgs } from './query-args';
import { cutToGraphql, historyEventToGraphql } from './to-graphql';
import { AuthorityAnswerType, AuthorityConnectionType } from './types/authority-types';
import { HistoryConnectionType, IndicatorSeriesAnswerType, PlanAnswerType, TimelineAnswerType } from './types/plan-types';

/** Every query takes an optional cut (knownAt, asOf) and returns the cut it used. */
@Resolver()
export class QueriesResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query(() => AuthorityAnswerType, { description: "A council's judgement history and current intervention" })
  async authority(@Args() args: AuthorityArgs): Promise<AuthorityAnswerType> {
    const { cut, authority } = await this.queryBus.execute(new AuthorityQuery(args.laCode, args));
    return { cut: cutToGraphql(cut), authority };
  }

  @Query(() => AuthorityConnectionType, { description: 'Councils, filtered by region, latest overall judgement or intervention' })
  async authorities(@Args() args: AuthoritiesArgs): Promise<AuthorityConnectionType> {
    const filter = { region: args.region, latestJudgement: args.latestJudgement, underIntervention: args.underIntervention };
    const { cut, page, totalCount, hasNextPage, failed } = await this.queryBus.execute(
      new AuthoritiesQuery(filter, args.first, args.after, args),
    );
    // Councils that cannot be read are named on the first page (their region and judgement are unknown, so no filter
    // can place them), each as an edge whose node is an error; totalCount counts the councils answered.
    const unreadable = args.after === undefined ? failed.map((failure) => ({ cursor: failure.streamId, node: null, failure })) : [];
    return {
      cut: cutToGraphql(cut),
      edges: [...page.map((node) => ({ cursor: node.laCode, node })), ...unreadable],
      pageInfo: { hasNextPage, endCursor: page.length ? page[page.length - 1].laCode : null },
      totalCount,
    };
  }

  @Query(() => PlanAnswerType, { description: 'A plan: priorities, actions (status, due, overdue), latest grade per target' })
  async plan(@Args() args: PlanArgs): Promise<PlanAnswerType> {
    const { cut, plan, unreadable } = await this.queryBus.execute(new PlanQuery(args.id, args));
    return { cut: cutToGraphql(cut), plan, unreadable };
  }

  @Query(() => TimelineAnswerType, { description: 'The authority and its plans merged in business-time order' })
  async timeline(@Args() args: TimelineArgs): Promise<TimelineAnswerType> {
    const { cut, entries } = await this.queryBus.execute(
      new TimelineQuery(args.laCode, { from: args.from, to: args.to, kinds: args.kinds }, args),
    );
    return { cut: cutToGraphql(cut), entries };
  }

  @Query(() => HistoryConnectionType, { description: 'The raw events of a stream, with recordedAt, occurredAt, actor and corrections' })
  async history(@Args() args: HistoryArgs): Promise<HistoryConnectionType> {
    const { cut, events, correctedBy, totalCount, hasNextPage } = await this.queryBus.execute(
      new HistoryQuery(args.streamId, args.first, args.after, args.knownAt),
    );
    const edges = events.map((event) => ({
      cursor: event.revision.toString(),
      node: historyEventToGraphql(event, correctedBy.get(event.eventId) ?? []),
    }));
    return { cut: cutToGraphql(cut), edges, hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null, totalCount };
  }

  @Query(() => IndicatorSeriesAnswerType, { description: "Measurements of an authority's indicators across its plans" })
  async indicatorSeries(@Args() args: IndicatorSeriesArgs): Promise<IndicatorSeriesAnswerType> {
    const { cut, indicators } = await this.queryBus.execute(new IndicatorSeriesQuery(args.laCode, args.indicators, args));
    return { cut: cutToGraphql(cut), indicators };
  }
}
