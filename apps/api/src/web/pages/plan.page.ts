import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { authorise, planStreamId, type PlanStreamCommand } from '@plan-ledger/domain';
import type { JsonObject, JsonValue } from '@plan-ledger/event-store';
import { gradingsOfTarget, type CorrectionView, type GradeView, type PlanGrading, type PlanView } from '@plan-ledger/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../../access/access-rule';
import { requirePermission } from '../../access/principal';
import { principalOf } from '../../access/request-principal';
import { InputRejected, NotFound } from '../../errors/input-rejected';
import type { ResolvedCut } from '../../ledger/ledger-reader';
import { AuthorityQuery, PlanGradingsQuery, PlanQuery } from '../../queries/ledger-queries';
import { figure, indicatorChart } from '../charts/indicator-chart';
import { letterOf, ragTrend, type RagTrend, type TrendRow } from '../charts/rag-trend-chart';
import { ragClass } from '../plan-progress';
import { timeTravelOf, withTimeTravel, type TimeTravel } from '../time-travel';
import { WebErrorFilter } from '../web-error.filter';
import { WebPages } from '../web-pages';

const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const valueWords = (value: JsonValue | undefined): string => {
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && !Array.isArray(value) && typeof value.from === 'string')
    return typeof value.label === 'string' ? value.label : `${value.from}${typeof value.to === 'string' ? ` to ${value.to}` : ''}`;
  return JSON.stringify(value);
};

/** A correction as a board reads it: each field changed from what to what, by whom, when, and why. */
export interface CorrectionWords {
  readonly changes: readonly { field: string; from: string; to: string }[];
  readonly by: string;
  readonly at: string;
  readonly reason: string;
}

export function correctionWords(correction: CorrectionView): CorrectionWords {
  const fields = [...new Set([...Object.keys(correction.from), ...Object.keys(correction.to)])];
  const from: JsonObject = correction.from;
  const to: JsonObject = correction.to;
  return {
    changes: fields.map((field) => ({ field, from: valueWords(from[field]), to: to[field] === null ? 'removed' : valueWords(to[field]) })),
    by: correction.by,
    at: correction.at,
    reason: correction.reason,
  };
}

const gradeOf = (grade: GradeView | null) =>
  grade && {
    grade: grade.grade,
    rag: ragClass(grade.grade),
    letter: letterOf(grade.grade),
    gradedBy: grade.gradedBy,
    evidence: grade.evidence,
    date: grade.occurredAt.label ?? grade.occurredAt.from,
    corrections: grade.corrections.map(correctionWords),
  };

/** An action's changes of due date, each from the date before it to the new one, from its amendments. */
function redatings(action: PlanView['actions'][number]) {
  return action.amendments
    .filter((a) => a.due !== null && a.due !== a.previousDue)
    .map((a) => ({ from: a.previousDue, to: a.due ?? '', by: a.by, reason: a.reason, when: a.occurredAt.label ?? a.occurredAt.from }));
}

/**
 * How much of a long history the page shows unless asked for all (`?show=all`): the latest dates of the RAG trend,
 * measurements of each indicator and board meetings. A plan years old has hundreds of each; a board reads the recent
 * ones, and a page of megabytes helps nobody. The page says how many there are and links to them all.
 */
export const LATEST = { trendDates: 12, measurements: 24, meetings: 12 } as const;

/** Whether a page shows a plan's whole history: `show=all`, or the latest of it; any other value is refused. */
export function showAllOf(query: unknown): boolean {
  const show = (query ?? {}) as Record<string, unknown>;
  if (show.show === undefined || show.show === '') return false;
  if (show.show === 'all') return true;
  throw new InputRejected([{ field: 'show', rule: 'must be "all", or left out for the latest' }]);
}

/** The last `count` of a list (all of it when `all`), with how many there are: what a page says it leaves out. */
function latest<T>(items: readonly T[], count: number, all: boolean): { shown: readonly T[]; total: number } {
  return { shown: all || items.length <= count ? items : items.slice(items.length - count), total: items.length };
}

/** Everything the plan page and the board pack show of a plan, read at one cut through the same queries as GraphQL. */
export interface PlanReading {
  readonly cut: ResolvedCut;
  readonly plan: PlanView;
  readonly councilName: string;
  readonly trend: RagTrend;
  readonly priorities: readonly ReturnType<typeof priorityRows>[number][];
  readonly indicators: readonly ReturnType<typeof indicatorRows>[number][];
  readonly overdue: readonly ReturnType<typeof actionRow>[];
  /** Actions whose priority is not (or no longer) in the plan: shown apart, never dropped. */
  readonly unplaced: readonly ReturnType<typeof actionRow>[];
  /** The board meetings shown, latest first, and how many the plan has. */
  readonly meetings: { readonly shown: readonly PlanView['boardMeetings'][number][]; readonly total: number };
  /** Whether the whole history is shown (`?show=all`) rather than the latest of it. */
  readonly showAll: boolean;
}

function actionRow(action: PlanView['actions'][number]) {
  return {
    ...action,
    grade: gradeOf(action.latestGrade),
    redatings: redatings(action),
    otherAmendments: action.amendments
      .filter((a) => a.due === null)
      .map((a) => ({ reason: a.reason, by: a.by, when: a.occurredAt.label ?? a.occurredAt.from })),
    corrections: action.corrections.map(correctionWords),
  };
}

function priorityRows(plan: PlanView, gradings: readonly PlanGrading[]) {
  return plan.priorities.map((priority) => {
    const history = gradingsOfTarget(gradings, 'priority', priority.priorityId);
    return {
      ...priority,
      grade: gradeOf(priority.latestGrade),
      // The latest grade shows its own corrections; an earlier grade's are listed beneath it, never lost.
      earlierCorrected: history
        .filter((g) => g.corrections.length > 0 && g.eventId !== priority.latestGrade?.eventId)
        .map((g) => ({ date: g.occurredAt.label ?? g.occurredAt.from, corrections: g.corrections.map(correctionWords) })),
      corrections: priority.corrections.map(correctionWords),
      actions: plan.actions.filter((a) => a.priorityId === priority.priorityId).map(actionRow),
    };
  });
}

function indicatorRows(plan: PlanView, all: boolean) {
  return plan.indicators.map((indicator) => {
    // Measurements come oldest first by date (the view's order); the chart and the table show the same ones.
    const { shown, total } = latest(indicator.measurements, LATEST.measurements, all);
    return {
      ...indicator,
      svg: indicatorChart({ ...indicator, measurements: shown }),
      targetWords: indicator.target !== undefined ? figure(indicator.target, indicator.unit) : null,
      total,
      rows: shown.map((m) => ({ ...m, words: figure(m.value, indicator.unit), meets: meetsTarget(indicator, m.value) })),
    };
  });
}

function meetsTarget(indicator: PlanView['indicators'][number], value: number): string | null {
  if (indicator.target === undefined || !indicator.direction) return null;
  const met = indicator.direction === 'lower is better' ? value <= indicator.target : value >= indicator.target;
  return met ? 'Meets target' : 'Short of target';
}

const trendGradings = (gradings: readonly PlanGrading[]) =>
  gradings.map((g) => ({ date: g.occurredAt.from, grade: g.grade, gradedBy: g.gradedBy, corrected: g.corrections.length > 0 }));

/**
 * Reads a plan for a page: the plan (PlanQuery, as GraphQL's `plan`), refused unless the person reads its council
 * (checked once the plan is read, as the resolver does), then its grade history at the same cut (PlanGradingsQuery, as
 * GraphQL's `gradeHistory`: the read model's rows, so a plan with thousands of gradings is not re-folded per page).
 */
export async function readPlan(
  queryBus: QueryBus,
  request: FastifyRequest,
  planId: string,
  travel: TimeTravel,
  showAll = false,
): Promise<PlanReading> {
  if (!PLAN_ID.test(planId)) throw new NotFound(`plan ${planId}`);
  const { cut, plan } = await queryBus.execute(new PlanQuery(planId, travel));
  requirePermission(principalOf(request), { kind: 'read' }, plan.laCode);
  const [{ gradings }, council] = await Promise.all([
    queryBus.execute(new PlanGradingsQuery(planId, cut)),
    queryBus.execute(new AuthorityQuery(plan.laCode, travel)).catch(() => undefined),
  ]);
  const rows: TrendRow[] = plan.priorities.map((p) => ({
    id: p.priorityId,
    label: p.title,
    gradings: trendGradings(gradingsOfTarget(gradings, 'priority', p.priorityId)),
  }));
  const planGradings = gradingsOfTarget(gradings, 'plan');
  if (planGradings.length > 0) rows.push({ id: 'plan', label: 'The plan as a whole', gradings: trendGradings(planGradings) });
  const meetings = latest(plan.boardMeetings, LATEST.meetings, showAll);
  return {
    cut,
    plan,
    councilName: council?.authority.name ?? plan.laCode,
    trend: ragTrend(
      rows,
      'RAG trend of the priorities',
      plan.boardMeetings.map((m) => m.occurredAt.from),
      showAll ? undefined : LATEST.trendDates,
    ),
    priorities: priorityRows(plan, gradings),
    indicators: indicatorRows(plan, showAll),
    overdue: plan.actions.filter((a) => a.status === 'open' && a.overdue).map(actionRow),
    unplaced: plan.actions.filter((a) => !plan.priorities.some((p) => p.priorityId === a.priorityId)).map(actionRow),
    meetings: { shown: [...meetings.shown].reverse(), total: meetings.total },
    showAll,
  };
}

/** `/plans/{id}`: a plan's priorities and actions, the RAG trend across its gradings, its indicators and board meetings. */
@Controller('plans')
@UseFilters(WebErrorFilter)
export class PlanPage {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly pages: WebPages,
  ) {}

  @Get(':planId')
  @ChecksAccessItself("a plan's council is known once the plan is read")
  async show(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const travel = timeTravelOf(request.query);
    const showAll = showAllOf(request.query);
    const reading = await readPlan(this.queryBus, request, planId, travel, showAll);
    const { plan } = reading;
    const base = `/plans/${encodeURIComponent(plan.planId)}`;
    const pastShown = Boolean(travel.knownAt || travel.asOf);
    this.pages.render(
      request,
      reply,
      'plan.njk',
      {
        path: base,
        travel,
        breadcrumbs: [
          { text: 'Portfolio', href: withTimeTravel('/', travel) },
          { text: reading.councilName, href: withTimeTravel(`/councils/${encodeURIComponent(plan.laCode)}`, travel) },
        ],
      },
      {
        title: plan.title,
        ...reading,
        keep: showAll ? { show: 'all' } : {},
        planGrade: gradeOf(plan.latestPlanGrade),
        councilHref: withTimeTravel(`/councils/${encodeURIComponent(plan.laCode)}`, travel),
        supersededByHref: plan.supersededBy ? withTimeTravel(`/plans/${encodeURIComponent(plan.supersededBy)}`, travel) : null,
        supersedesHref: plan.supersedes ? withTimeTravel(`/plans/${encodeURIComponent(plan.supersedes)}`, travel) : null,
        historyHref: withTimeTravel(`/streams/${encodeURIComponent(planStreamId(plan.planId))}`, travel),
        boardPackHref: withTimeTravel(`${base}/board-pack`, travel),
        writes: pastShown ? null : this.writesOf(request, base, plan.laCode),
        showAllHref: withTimeTravel(base, travel, { show: 'all' }),
        showLatestHref: withTimeTravel(base, travel),
      },
    );
  }

  /**
   * The forms a person may use on this plan: writes are made now, so none on a page of the past, and each only to
   * whoever holds a role that may record it for this council (the form refuses the others anyway).
   */
  private writesOf(request: FastifyRequest, base: string, laCode: string) {
    const roles = principalOf(request).roles;
    const may = (type: PlanStreamCommand['type']) => authorise(roles, { kind: 'record', command: { type } }, laCode).allowed;
    const writes = {
      grade: may('GradeProgress') ? `${base}/grades/new` : null,
      meeting: may('HoldBoardMeeting') ? `${base}/board-meetings/new` : null,
      action: may('AddAction') ? `${base}/actions/new` : null,
      redate: may('AmendAction') ? (actionId: string) => `${base}/actions/${encodeURIComponent(actionId)}/re-date` : null,
    };
    return writes.grade || writes.meeting || writes.action || writes.redate ? writes : null;
  }
}
