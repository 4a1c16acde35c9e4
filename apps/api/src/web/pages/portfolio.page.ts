import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { JUDGEMENTS, readableCouncils, REGIONS, regionOf } from '@plan-ledger/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../../access/access-rule';
import { principalOf } from '../../access/request-principal';
import { InputRejected } from '../../errors/input-rejected';
import { AuthoritiesQuery, PlanQuery, type AuthorityWithPlans } from '../../queries/ledger-queries';
import { PlansQuery } from '../../queries/portfolio-queries';
import { addProgress, NO_PROGRESS, progressOfPlan, ragClass, type ProgressCounts } from '../plan-progress';
import { timeTravelOf, withTimeTravel, type TimeTravel } from '../time-travel';
import { WebErrorFilter } from '../web-error.filter';
import { WebPages } from '../web-pages';

const PAGE_SIZE = 50;

interface PortfolioFilter {
  readonly region?: string;
  readonly judgement?: string;
  readonly after?: string;
  readonly before?: string;
}

function filterOf(query: Record<string, unknown>): PortfolioFilter {
  const problems: { field: string; rule: string }[] = [];
  const one = (name: string, max: number): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' || value.length > max) {
      problems.push({ field: name, rule: `must be given once, in at most ${max} characters` });
      return undefined;
    }
    return value;
  };
  const region = one('region', 100);
  const judgement = one('judgement', 100);
  if (region !== undefined && !regionOf(region)) problems.push({ field: 'region', rule: 'must be a region of the register' });
  if (judgement !== undefined && !(JUDGEMENTS as readonly string[]).includes(judgement))
    problems.push({ field: 'judgement', rule: `must be one of: ${JUDGEMENTS.join(', ')}` });
  const after = one('after', 200);
  const before = one('before', 200);
  if (problems.length > 0) throw new InputRejected(problems);
  return { region, judgement, after, before };
}

/** `/`: the councils a person may see, each with where it stands and how its plans are going. */
@Controller()
@UseFilters(WebErrorFilter)
export class PortfolioPage {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly pages: WebPages,
  ) {}

  @Get()
  @ChecksAccessItself('lists only the councils the person may read')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const travel = timeTravelOf(query);
    const filter = filterOf(query);
    const readable = readableCouncils(principalOf(request).roles);
    const paging = filter.before ? { last: PAGE_SIZE, before: filter.before } : { first: PAGE_SIZE, after: filter.after };
    const { cut, page, totalCount, hasNextPage, hasPreviousPage } = await this.queryBus.execute(
      new AuthoritiesQuery(
        { region: filter.region, latestJudgement: filter.judgement },
        paging,
        { knownAt: travel.knownAt, asOf: travel.asOf },
        readable,
        // The page shows no council's history: each council's summary is read, not its whole document.
        'headline',
      ),
    );
    const progress = await this.progressOf(page, travel, readable);
    const rows = page.map((authority) => {
      const counts = progress.get(authority.laCode) ?? NO_PROGRESS;
      return {
        authority,
        href: withTimeTravel(`/councils/${encodeURIComponent(authority.laCode)}`, travel),
        intervention: authority.currentIntervention,
        visit: authority.latestMonitoringVisit,
        daysSince: authority.daysSinceLatestMonitoringVisit,
        openPlans: counts.plans,
        priorities: counts.priorities.map((p) => ({ ...p, rag: ragClass(p.grade) })),
        openActions: counts.openActions,
        overdueActions: counts.overdueActions,
      };
    });
    const keep = { region: filter.region, judgement: filter.judgement };
    this.pages.render(
      request,
      reply,
      'portfolio.njk',
      { path: '/', travel },
      {
        title: 'Councils and their improvement plans',
        rows,
        totalCount,
        cut,
        filter,
        keep: Object.fromEntries(Object.entries(keep).filter(([, v]) => v !== undefined)),
        regions: REGIONS,
        judgements: JUDGEMENTS,
        previous: hasPreviousPage && page.length > 0 ? withTimeTravel('/', travel, { ...keep, before: page[0].laCode }) : null,
        next: hasNextPage && page.length > 0 ? withTimeTravel('/', travel, { ...keep, after: page[page.length - 1].laCode }) : null,
      },
    );
  }

  /**
   * Each council's open plans' progress. "Now" and "as known at" come from the read model, in one question for the
   * whole page; "as of" a date folds each plan at that date, as the plan page does.
   */
  private async progressOf(
    page: readonly AuthorityWithPlans[],
    travel: TimeTravel,
    readable: 'all' | ReadonlySet<string>,
  ): Promise<Map<string, ProgressCounts>> {
    const result = new Map<string, ProgressCounts>();
    const add = (laCode: string, counts: ProgressCounts) => result.set(laCode, addProgress(result.get(laCode) ?? NO_PROGRESS, counts));
    if (page.length === 0) return result;
    if (travel.asOf) {
      const planIds = page.flatMap((authority) => authority.planIds);
      const plans = await Promise.all(planIds.map((planId) => this.queryBus.execute(new PlanQuery(planId, travel))));
      for (const { plan, cut } of plans) if (plan.status === 'open') add(plan.laCode, progressOfPlan(plan, cut.today));
      return result;
    }
    const { page: plans } = await this.queryBus.execute(
      new PlansQuery({ laCodes: page.map((a) => a.laCode), status: 'open' }, { first: 10_000 }, travel.knownAt, readable),
    );
    for (const item of plans.items)
      add(item.plan.laCode, {
        plans: 1,
        priorities: item.progress.priorities,
        openActions: item.progress.openActions,
        overdueActions: item.progress.overdueActions,
      });
    return result;
  }
}
