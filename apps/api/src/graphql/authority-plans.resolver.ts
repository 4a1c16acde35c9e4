import { QueryBus } from '@nestjs/cqrs';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { planStreamId, readableCouncils } from '@plan-ledger/domain';
import DataLoader from 'dataloader';
import type { FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal';
import type { Principal } from '../access/principal';
import { NotFound } from '../errors/input-rejected';
import { ReadModelBehind } from '../errors/read-model-behind';
import { LedgerReader } from '../ledger/ledger-reader';
import { PlanQuery } from '../queries/ledger-queries';
import { planSummaryOf } from '../queries/plan-summary';
import { PlansQuery, type PlanSummary } from '../queries/portfolio-queries';
import { CurrentRequest } from './current-request';
import { AuthorityType } from './types/authority-types';
import { PlanSummaryType } from './types/portfolio-types';

/** The cut each council of an answer was read at, set by the query that answered it, read by its nested fields. */
const cutOfCouncil = new WeakMap<object, { readonly knownAt: string; readonly asOf?: string }>();

export function rememberCut(authority: object, cut: { readonly knownAt: string; readonly asOf?: string }): void {
  cutOfCouncil.set(authority, cut);
}

/** One loader per request and cut: every council's `plans` in an answer is one read-model question, not one each. */
const loaders = new WeakMap<FastifyRequest, Map<string, DataLoader<string, PlanSummary[]>>>();

@Resolver(() => AuthorityType)
export class AuthorityPlansResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly reader: LedgerReader,
  ) {}

  @ChecksAccessItself('the council was checked by the query that answered it; its plans are read with the same councils')
  @ResolveField(() => [PlanSummaryType], {
    description: "The council's plans with their progress, as known at the answer's cut (read for every council of the answer at once)",
  })
  async plans(
    @Parent() authority: AuthorityType,
    @CurrentRequest() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PlanSummaryType[]> {
    // A council sent by a subscription carries no cut: it is the council as it is now.
    const cut = cutOfCouncil.get(authority) ?? { knownAt: undefined, asOf: undefined };
    if (cut.asOf !== undefined) return this.folded(authority, cut);
    const byCut = loaders.get(request) ?? new Map<string, DataLoader<string, PlanSummary[]>>();
    loaders.set(request, byCut);
    const key = cut.knownAt ?? 'now';
    let loader = byCut.get(key);
    if (!loader) {
      loader = new DataLoader<string, PlanSummary[]>(async (laCodes) => {
        const { page } = await this.queryBus.execute(
          new PlansQuery({ laCodes }, { first: Number.MAX_SAFE_INTEGER }, cut.knownAt, readableCouncils(principal.roles)),
        );
        return laCodes.map((laCode) => page.items.filter((item) => item.plan.laCode === laCode));
      });
      byCut.set(key, loader);
    }
    let summaries: readonly Omit<PlanSummary, 'cursor'>[];
    try {
      summaries = await loader.load(authority.laCode);
    } catch (error) {
      // A model still catching up (a first start on a large log) is folded around, as the other answers are.
      if (!(error instanceof ReadModelBehind)) throw error;
      return this.folded(authority, cut);
    }
    return summaries.map((item) => ({ ...item.plan, progress: item.progress, revision: item.revision.toString() }));
  }

  /** Each plan folded at the cut (what an asOf answer needs, and the answer when there is no model), counted as the model counts. */
  private async folded(authority: AuthorityType, cut: { readonly knownAt?: string; readonly asOf?: string }): Promise<PlanSummaryType[]> {
    const summaries: PlanSummaryType[] = [];
    for (const planId of authority.planIds) {
      let answer;
      try {
        answer = await this.queryBus.execute(new PlanQuery(planId, { knownAt: cut.knownAt, asOf: cut.asOf }));
      } catch (error) {
        if (error instanceof NotFound) continue; // created after the asOf date
        throw error;
      }
      const revision = await this.reader.streamRevision(planStreamId(planId), answer.cut);
      const summary = planSummaryOf(answer.plan, answer.cut.today, revision);
      summaries.push({ ...summary.plan, progress: summary.progress, revision: summary.revision.toString() });
    }
    return summaries;
  }
}
