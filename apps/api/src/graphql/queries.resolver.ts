import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { QueryBus } from '@nestjs/cqrs';
import { readableCouncils } from '@plan-ledger/domain';
import { Allow, ChecksAccessItself } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal';
import { requirePermission, type Principal } from '../access/principal';
import { AuthoritiesQuery, AuthorityQuery, HistoryQuery, IndicatorSeriesQuery, PlanQuery, TimelineQuery } from '../queries/ledger-queries';
import { AuthoritiesArgs, AuthorityArgs, HistoryArgs, IndicatorSeriesArgs, PlanArgs, TimelineArgs } from './query-args';
import { rememberCut } from './authority-plans.resolver';
import { selects } from './selection';
import { cutToGraphql, historyEventToGraphql } from './to-graphql';
import { AuthorityAnswerType, AuthorityConnectionType, type AuthorityType } from './types/authority-types';
import { HistoryConnectionType, IndicatorSeriesAnswerType, PlanAnswerType, TimelineAnswerType } from './types/plan-types';

/** The fields of a council that are histories: asked for, they need its whole document. */
const HISTORIES = ['inspections', 'visits', 'interventions', 'appointments', 'reviews'] as const satisfies readonly (keyof AuthorityType)[];

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Every query takes an optional cut (knownAt, asOf) and returns the cut it used. */
@Resolver()
export class QueriesResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Allow({ kind: 'read' }, (args) => str(args.laCode))
  @Query(() => AuthorityAnswerType, { description: "A council's judgement history and current intervention" })
  async authority(@Args() args: AuthorityArgs): Promise<AuthorityAnswerType> {
    const { cut, authority } = await this.queryBus.execute(new AuthorityQuery(args.laCode, args));
    rememberCut(authority, cut);
    return { cut: cutToGraphql(cut), authority };
  }

  @ChecksAccessItself('only the councils the asker may read are listed')
  @Query(() => AuthorityConnectionType, { description: 'Councils, filtered by region, latest overall judgement or intervention' })
  async authorities(
    @Args() args: AuthoritiesArgs,
    @CurrentPrincipal() principal: Principal,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AuthorityConnectionType> {
    const filter = { region: args.region, latestJudgement: args.latestJudgement, underIntervention: args.underIntervention };
    const paging = { first: args.first, after: args.after, last: args.last, before: args.before };
    // A list of councils that asks for no history reads each council's summary, not its whole document.
    const detail = HISTORIES.some((field) => selects(info, ['edges', 'node', field])) ? 'whole' : 'headline';
    const { cut, page, totalCount, hasNextPage, hasPreviousPage, failed } = await this.queryBus.execute(
      new AuthoritiesQuery(filter, paging, args, readableCouncils(principal.roles), detail),
    );
    for (const authority of page) rememberCut(authority, cut);
    // Councils that cannot be read are named on the first page (their region and judgement are unknown, so no filter
    // can place them), each as an edge whose node is an error; totalCount counts the councils answered.
    const unreadable =
      args.after === undefined && args.before === undefined
        ? failed.map((failure) => ({ cursor: failure.streamId, node: null, failure }))
        : [];
    return {
      cut: cutToGraphql(cut),
      edges: [...page.map((node) => ({ cursor: node.laCode, node })), ...unreadable],
      pageInfo: {
        hasNextPage,
        hasPreviousPage,
        startCursor: page.length ? page[0].laCode : null,
        endCursor: page.length ? page[page.length - 1].laCode : null,
      },
      totalCount,
    };
  }

  @ChecksAccessItself("a plan's council is known once the plan is read")
  @Query(() => PlanAnswerType, { description: 'A plan: priorities, actions (status, due, overdue), latest grade per target' })
  async plan(@Args() args: PlanArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<PlanAnswerType> {
    const parts = {
      measurements: selects(info, ['plan', 'indicators', 'measurements']),
      boardMeetings: selects(info, ['plan', 'boardMeetings']),
    };
    const { cut, plan, unreadable } = await this.queryBus.execute(new PlanQuery(args.id, args, parts));
    requirePermission(principal, { kind: 'read' }, plan.laCode);
    return { cut: cutToGraphql(cut), plan, unreadable };
  }

  @Allow({ kind: 'read' }, (args) => str(args.laCode))
  @Query(() => TimelineAnswerType, { description: 'The authority and its plans merged in business-time order' })
  async timeline(@Args() args: TimelineArgs): Promise<TimelineAnswerType> {
    const { cut, entries } = await this.queryBus.execute(
      new TimelineQuery(args.laCode, { from: args.from, to: args.to, kinds: args.kinds }, args),
    );
    return { cut: cutToGraphql(cut), entries };
  }

  @ChecksAccessItself("a plan stream's council is known once the stream is read")
  @Query(() => HistoryConnectionType, { description: 'The raw events of a stream, with recordedAt, occurredAt, actor and corrections' })
  async history(@Args() args: HistoryArgs, @CurrentPrincipal() principal: Principal): Promise<HistoryConnectionType> {
    const { cut, events, correctedBy, totalCount, hasNextPage, councils } = await this.queryBus.execute(
      new HistoryQuery(args.streamId, args.first, args.after, args.knownAt),
    );
    // A council's streams are its readers'; any other (the access stream) is the auditors'.
    // A plan that has belonged to several councils is all of theirs: reading its history needs each.
    if (councils === undefined || councils.length === 0) requirePermission(principal, { kind: 'audit' });
    else for (const council of councils) requirePermission(principal, { kind: 'read' }, council);
    const edges = events.map((event) => ({
      cursor: event.revision.toString(),
      node: historyEventToGraphql(event, correctedBy.get(event.eventId) ?? []),
    }));
    return { cut: cutToGraphql(cut), edges, hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null, totalCount };
  }

  @Allow({ kind: 'read' }, (args) => str(args.laCode))
  @Query(() => IndicatorSeriesAnswerType, { description: "Measurements of an authority's indicators across its plans" })
  async indicatorSeries(@Args() args: IndicatorSeriesArgs): Promise<IndicatorSeriesAnswerType> {
    const { cut, indicators } = await this.queryBus.execute(new IndicatorSeriesQuery(args.laCode, args.indicators, args));
    return { cut: cutToGraphql(cut), indicators };
  }
}
