import { authorityStreamId, planStreamId } from '@plan-ledger/domain';
import {
  latestMonitoringVisit,
  sinceVisit,
  type PlacedLine,
  withSupersession,
  type PlanRef,
  type PlanView,
  type ReadModelReader,
  type UnreadableEntry,
  WHOLE_PLAN,
  type PlanParts,
} from '@plan-ledger/projections';
import { NotFound } from '../errors/input-rejected';
import { StreamUnreadable } from '../errors/stream-unreadable';
import type { LedgerReader, ResolvedCut } from '../ledger/ledger-reader';
import type { ReadModelService } from '../read-models/read-model.service';
import type { AuthorityDetail, AuthorityWithPlans } from './ledger-queries';

/** The answers the read model gives at a cut's headPosition: the same as the fold's (a property test holds them together). */

const describe = (unreadable: readonly UnreadableEntry[]): string =>
  unreadable.map((u) => `${u.type} ${u.eventId}: ${u.problems.map((p) => `${p.field} ${p.rule}`).join('; ')}`).join(' | ');

/** A council's row (document or summary) with a view, or the refusal a fold gives: StreamUnreadable, or NotFound. */
function standing<View>(
  doc:
    | { readonly view: View | null | undefined; readonly failure: string | null; readonly unreadable: readonly UnreadableEntry[] }
    | undefined,
  laCode: string,
): { readonly view: View; readonly unreadable: readonly UnreadableEntry[] } {
  const streamId = authorityStreamId(laCode);
  if (doc?.failure) throw new StreamUnreadable(streamId, doc.failure);
  if (doc && !doc.view && doc.unreadable.length > 0) throw new StreamUnreadable(streamId, describe(doc.unreadable));
  if (!doc?.view) throw new NotFound(`authority ${laCode}`);
  return { view: doc.view, unreadable: doc.unreadable };
}

/** A council from its row and its plans' headers, as authorityAt folds it; StreamUnreadable or NotFound as it would. */
export function authorityFromModel(
  model: ReadModelReader,
  cut: ResolvedCut,
  laCode: string,
  plans: readonly PlanRef[],
  detail: AuthorityDetail = 'whole',
): AuthorityWithPlans {
  if (detail === 'headline') return headlineFromModel(model, cut, laCode, plans);
  const doc = standing(model.authority(cut.headPosition, laCode), laCode);
  const planIds = plans.filter((p) => p.laCode === laCode).map((p) => p.planId);
  const latest = latestMonitoringVisit(doc.view, cut.today);
  return {
    ...doc.view,
    planIds,
    unreadable: [...doc.unreadable, ...model.planUnreadable(cut.headPosition, planIds)],
    latestMonitoringVisit: latest.visit,
    daysSinceLatestMonitoringVisit: latest.daysSince,
  };
}

/**
 * A council from its row's summary: the same answer as authorityFromModel with every history empty (inspections,
 * visits, interventions, appointments, reviews), and the same refusals.
 */
function headlineFromModel(model: ReadModelReader, cut: ResolvedCut, laCode: string, plans: readonly PlanRef[]): AuthorityWithPlans {
  const doc = standing(model.authoritySummary(cut.headPosition, laCode), laCode);
  const planIds = plans.filter((p) => p.laCode === laCode).map((p) => p.planId);
  const { latestMonitoringVisit, ...headline } = doc.view;
  const latest = sinceVisit(latestMonitoringVisit, cut.today);
  return {
    ...headline,
    inspections: [],
    visits: [],
    interventions: [],
    appointments: [],
    reviews: [],
    planIds,
    unreadable: [...doc.unreadable, ...model.planUnreadable(cut.headPosition, planIds)],
    latestMonitoringVisit: latest.visit,
    daysSinceLatestMonitoringVisit: latest.daysSince,
  };
}

/**
 * A council's plans' lines on its journey at the cut, read from their rows instead of folding every event of every
 * plan; the council is checked as authorityFromModel checks it (a council not on record is NotFound here too). Read
 * before the caller's first await: a rebuild may swap the model (and close this reader) while a question waits.
 */
export function planLinesFromModel(model: ReadModelReader, cut: ResolvedCut, laCode: string): PlacedLine[] {
  const plans = model.plansOf(cut.headPosition, [laCode]);
  authorityFromModel(model, cut, laCode, plans);
  return model.timelineLines(
    cut.headPosition,
    plans.map((p) => p.planId),
  );
}

/** A plan from its rows, with its supersession decided across its council's plans as the fold decides it. */
export function planFromModel(
  model: ReadModelReader,
  cut: ResolvedCut,
  planId: string,
  parts: PlanParts = WHOLE_PLAN,
): { plan: PlanView; unreadable: UnreadableEntry[] } {
  const { plan, unreadable } = model.plan(cut.headPosition, planId, cut.today, parts);
  if (!plan && unreadable.length > 0) throw new StreamUnreadable(planStreamId(planId), describe(unreadable));
  if (!plan) throw new NotFound(`plan ${planId}`);
  const council = model.plansOf(cut.headPosition, [plan.laCode]);
  const headers: PlanView[] = council.map((ref) => ({
    ...ref.header,
    priorities: [],
    actions: [],
    latestPlanGrade: null,
    indicators: [],
    boardMeetings: [],
  }));
  const marked = withSupersession(headers).find((p) => p.planId === planId);
  return { plan: marked ? { ...plan, status: marked.status, supersededBy: marked.supersededBy } : plan, unreadable };
}

/**
 * The cut of a question and, unless it asks asOf (what had happened by a business date, folded per council), the read
 * model at the cut's position: undefined when the model has not folded that far in time, so the log is folded instead.
 */
export async function modelAt(reader: LedgerReader, models: ReadModelService, at: { knownAt?: string; asOf?: string }) {
  return modelAtCut(models, await reader.resolveCut(at.knownAt, at.asOf));
}

/** As modelAt, at a cut already resolved: a second question answered at the first one's cut, not at a later head. */
export async function modelAtCut(models: ReadModelService, resolved: ResolvedCut) {
  const status = models.status();
  const readModel = { position: status.position, eventsBehind: await models.behind(status.position) };
  if (resolved.asOf !== undefined) return { cut: { ...resolved, answeredFrom: 'fold' as const, readModel }, model: undefined };
  const model = await models.at(resolved.headPosition);
  return { cut: { ...resolved, answeredFrom: model ? ('read model' as const) : ('fold' as const), readModel }, model };
}
