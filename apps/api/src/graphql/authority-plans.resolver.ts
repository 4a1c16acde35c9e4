import { QueryBus } from '@nestjs/cqrs';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { readableCouncils } from '@plan-ledger/domain';
import DataLoader from 'dataloader';
import type { FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal';
import type { Principal } from '../access/principal';
import { InputRejected } from '../errors/input-rejected';
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
  constructor(private readonly queryBus: QueryBus) {}

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
    if (cut.asOf !== undefined)
      throw new InputRejected([
        { field: 'plans', rule: 'answers as known at a cut, not as of a date: ask plan(id, asOf) for a plan as it stood on a date' },
      ]);
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
    const summaries = await loader.load(authority.laCode);
    return summaries.map((item) => ({ ...item.plan, progress: item.progress, revision: item.revision.toString() }));
  }
}
