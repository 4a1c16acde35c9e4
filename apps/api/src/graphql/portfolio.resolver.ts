import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { readableCouncils } from '@plan-ledger/domain';
import { ChecksAccessItself } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal';
import type { Principal } from '../access/principal';
import { ActionsQuery, PlansQuery } from '../queries/portfolio-queries';
import type { Page } from '../queries/relay-page';
import { ActionsArgs, PlansArgs } from './query-args';
import { cutToGraphql } from './to-graphql';
import type { PageInfoType } from './types/authority-types';
import { PlanSummaryConnectionType, PortfolioActionConnectionType } from './types/portfolio-types';

const pageInfo = <T extends { cursor: string }>(page: Page<T>): PageInfoType => ({
  hasNextPage: page.hasNextPage,
  hasPreviousPage: page.hasPreviousPage,
  startCursor: page.items[0]?.cursor ?? null,
  endCursor: page.items[page.items.length - 1]?.cursor ?? null,
});

/** The commissioners' questions across councils: answered from the read model, now or as known at an instant. */
@Resolver()
export class PortfolioResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @ChecksAccessItself('only the councils the asker may read are listed')
  @Query(() => PlanSummaryConnectionType, { description: 'Plans across councils with their progress, by council then age' })
  async plans(@Args() args: PlansArgs, @CurrentPrincipal() principal: Principal): Promise<PlanSummaryConnectionType> {
    const { cut, page } = await this.queryBus.execute(
      new PlansQuery(
        { laCode: args.filter?.laCode, region: args.filter?.region, status: args.filter?.status },
        { first: args.first, after: args.after, last: args.last, before: args.before },
        args.knownAt,
        readableCouncils(principal.roles),
      ),
    );
    return {
      cut: cutToGraphql(cut),
      edges: page.items.map((item) => ({
        cursor: item.cursor,
        node: { ...item.plan, progress: item.progress, revision: item.revision.toString() },
      })),
      pageInfo: pageInfo(page),
      totalCount: page.totalCount,
    };
  }

  @ChecksAccessItself('only the councils the asker may read are listed')
  @Query(() => PortfolioActionConnectionType, { description: 'Actions across councils, by due date: overdue, by owner, by region' })
  async actions(@Args() args: ActionsArgs, @CurrentPrincipal() principal: Principal): Promise<PortfolioActionConnectionType> {
    const { cut, page } = await this.queryBus.execute(
      new ActionsQuery(
        {
          laCode: args.filter?.laCode,
          region: args.filter?.region,
          status: args.filter?.status,
          owner: args.filter?.owner,
          overdue: args.filter?.overdue,
          dueBefore: args.filter?.dueBefore,
        },
        { first: args.first, after: args.after, last: args.last, before: args.before },
        args.knownAt,
        readableCouncils(principal.roles),
      ),
    );
    return {
      cut: cutToGraphql(cut),
      edges: page.items.map((item) => ({
        cursor: item.cursor,
        node: { ...item.action, planId: item.planId, laCode: item.laCode, revision: item.revision.toString() },
      })),
      pageInfo: pageInfo(page),
      totalCount: page.totalCount,
    };
  }
}
