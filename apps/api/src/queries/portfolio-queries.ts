import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { planStreamId, REGIONS, regionOf, type Region } from '@plan-ledger/domain';
import { withSupersession, type ActionView, type PlanRef, type PlanView, type ReadModelReader } from '@plan-ledger/projections';
import { InputRejected } from '../errors/input-rejected';
import { ReadModelBehind } from '../errors/read-model-behind';
import { LedgerReader, type ResolvedCut } from '../ledger/ledger-reader';
import { ReadModelService } from '../read-models/read-model.service';
import { modelAt } from './model-answers';
import { encodeCursor, indexOfCursor, relayPage, type Page, type PageArgs } from './relay-page';

const DEFAULT_PAGE = 50;

export interface PlanSummary {
  readonly plan: Omit<PlanView, 'priorities' | 'actions' | 'latestPlanGrade' | 'indicators' | 'boardMeetings'>;
  readonly progress: {
    readonly priorities: { grade: string; count: number }[];
    readonly actions: { grade: string; count: number }[];
    readonly openActions: number;
    readonly overdueActions: number;
    readonly latestBoardMeeting: PlanView['boardMeetings'][number] | null;
  };
  readonly revision: bigint;
  readonly cursor: string;
}

export interface PortfolioAction {
  readonly action: ActionView;
  readonly planId: string;
  readonly laCode: string;
  readonly revision: bigint;
  readonly cursor: string;
}

interface Scope {
  readonly laCode?: string;
  /** Several councils at once: a page of the portfolio asks for its councils' plans in one question. */
  readonly laCodes?: readonly string[];
  readonly region?: string;
}

export class PlansQuery extends Query<{ cut: ResolvedCut; page: Page<PlanSummary> }> {
  constructor(
    readonly filter: Scope & { readonly status?: string },
    readonly paging: PageArgs,
    readonly knownAt: string | undefined,
    readonly readable: 'all' | ReadonlySet<string>,
  ) {
    super();
  }
}

export class ActionsQuery extends Query<{ cut: ResolvedCut; page: Page<PortfolioAction> }> {
  constructor(
    readonly filter: Scope & { readonly status?: string; readonly owner?: string; readonly overdue?: boolean; readonly dueBefore?: string },
    readonly paging: PageArgs,
    readonly knownAt: string | undefined,
    readonly readable: 'all' | ReadonlySet<string>,
  ) {
    super();
  }
}

/** The region a filter names, by the register's name or code; refused naming the regions when it is none of them. */
export function regionFilter(region: string | undefined): Region | undefined {
  if (region === undefined) return undefined;
  const found = regionOf(region);
  if (!found)
    throw new InputRejected([
      { field: 'region', rule: `must be a region of the register: ${REGIONS.map((r) => `${r.name} (${r.code})`).join(', ')}` },
    ]);
  return found;
}

/** Whether a council's region (as recorded: a name or a code) is the wanted one. */
export const inRegion = (recorded: string | undefined, wanted: Region): boolean =>
  recorded !== undefined && (recorded === wanted.code || recorded === wanted.name || regionOf(recorded)?.code === wanted.code);

/**
 * The councils a question covers at the position: those the asker may read, of the council or region asked for. Read
 * from the councils' columns, not their documents (a council's document is tens of kilobytes on a long log).
 */
function councilsIn(model: ReadModelReader, at: bigint, scope: Scope, readable: 'all' | ReadonlySet<string>): string[] {
  const region = regionFilter(scope.region);
  const wanted = scope.laCodes ? new Set(scope.laCodes) : undefined;
  return model
    .councils(at)
    .filter((council) => {
      if (readable !== 'all' && !readable.has(council.laCode)) return false;
      if (scope.laCode !== undefined && council.laCode !== scope.laCode) return false;
      if (wanted && !wanted.has(council.laCode)) return false;
      return !region || inRegion(council.region ?? undefined, region);
    })
    .map((council) => council.laCode);
}

async function modelOrRefuse(reader: LedgerReader, models: ReadModelService, knownAt: string | undefined) {
  const { cut, model } = await modelAt(reader, models, { knownAt });
  if (!model) throw new ReadModelBehind(cut.headPosition, models.status().position);
  return { cut, model };
}

const countsOf = (byGrade: Map<string, number>) =>
  [...byGrade].sort(([a], [b]) => a.localeCompare(b)).map(([grade, count]) => ({ grade, count }));

@QueryHandler(PlansQuery)
export class PlansQueryHandler implements IQueryHandler<PlansQuery> {
  constructor(
    private readonly reader: LedgerReader,
    private readonly models: ReadModelService,
  ) {}

  async execute(query: PlansQuery) {
    const { cut, model } = await modelOrRefuse(this.reader, this.models, query.knownAt);
    const at = cut.headPosition;
    const councils = councilsIn(model, at, query.filter, query.readable);
    const refs = model.plansOf(at, councils);
    // Supersession is decided across a council's plans, as the plan view decides it.
    const byCouncil = new Map<string, PlanRef[]>();
    for (const ref of refs) byCouncil.set(ref.laCode, [...(byCouncil.get(ref.laCode) ?? []), ref]);
    const headers = [...byCouncil.values()].flatMap((plans) =>
      withSupersession(
        plans.map((p) => ({ ...p.header, priorities: [], actions: [], latestPlanGrade: null, indicators: [], boardMeetings: [] })),
      ),
    );
    const matching = headers.filter((h) => query.filter.status === undefined || h.status === query.filter.status);
    const page = relayPage(
      matching,
      query.paging,
      indexOfCursor(matching, (h) => h.planId),
      DEFAULT_PAGE,
    );
    const ids = page.items.map((h) => h.planId);
    const progress = model.progress(at, ids, cut.today);
    const meetings = model.latestMeetings(at, ids);
    const items: PlanSummary[] = [];
    for (const header of page.items) {
      const p = progress.get(header.planId)!;
      const { priorities: _p, actions: _a, latestPlanGrade: _g, indicators: _i, boardMeetings: _b, ...plan } = header;
      items.push({
        plan,
        progress: {
          priorities: countsOf(p.priorities),
          actions: countsOf(p.actions),
          openActions: p.openActions,
          overdueActions: p.overdueActions,
          latestBoardMeeting: meetings.get(header.planId) ?? null,
        },
        revision: await this.reader.streamRevision(planStreamId(header.planId), cut),
        cursor: encodeCursor(header.planId),
      });
    }
    return { cut, page: { ...page, items } };
  }
}

@QueryHandler(ActionsQuery)
export class ActionsQueryHandler implements IQueryHandler<ActionsQuery> {
  constructor(
    private readonly reader: LedgerReader,
    private readonly models: ReadModelService,
  ) {}

  async execute(query: ActionsQuery) {
    const { cut, model } = await modelOrRefuse(this.reader, this.models, query.knownAt);
    const at = cut.headPosition;
    const { laCode, region, ...filter } = query.filter;
    const scoped = laCode !== undefined || region !== undefined || query.readable !== 'all';
    const laCodes = scoped ? councilsIn(model, at, { laCode, region }, query.readable) : undefined;
    const rows = model.actions(at, { ...filter, laCodes }, cut.today);
    const ids = rows.map((row) => `${row.planId}/${row.actionId}`);
    const index = new Map(ids.map((id, i) => [id, i]));
    const page = relayPage(
      rows,
      query.paging,
      (cursor) => {
        const i = indexOfCursor(ids, (id) => id)(cursor);
        return i === undefined ? undefined : index.get(ids[i]);
      },
      DEFAULT_PAGE,
    );
    // Every row read before the first await: a rebuild may swap the model (and close this reader) while a question waits.
    const docs = page.items.map((row) => {
      const doc = model.actionDoc(at, row.planId, row.actionId);
      // Rows at a position are never removed (a later event only ends them after it), so this is the model broken.
      if (doc === undefined) throw new Error(`read model: action ${row.planId}/${row.actionId} listed at ${at} has no row there`);
      return doc;
    });
    const revisions = new Map<string, bigint>();
    const items: PortfolioAction[] = [];
    for (const [i, row] of page.items.entries()) {
      const action = JSON.parse(docs[i]) as ActionView;
      if (!revisions.has(row.planId)) revisions.set(row.planId, await this.reader.streamRevision(planStreamId(row.planId), cut));
      items.push({
        action: { ...action, overdue: action.status === 'open' && action.due < cut.today },
        planId: row.planId,
        laCode: row.laCode,
        revision: revisions.get(row.planId)!,
        cursor: encodeCursor(`${row.planId}/${action.actionId}`),
      });
    }
    return { cut, page: { ...page, items } };
  }
}

export const PORTFOLIO_QUERY_HANDLERS = [PlansQueryHandler, ActionsQueryHandler];
