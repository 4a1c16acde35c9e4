import type {
  ActionAddedData,
  ActionAmendedData,
  ActionClosedData,
  BoardMeetingHeldData,
  BusinessTime,
  IndicatorDefinedData,
  IndicatorMeasuredData,
  PlanCreatedData,
  PriorityAmendedData,
  PriorityRetiredData,
  PrioritySetData,
  ProgressGradedData,
} from '@plan-ledger/domain';
import type { LedgerEntry } from './ledger-entry';

export interface GradeView {
  readonly grade: string;
  readonly gradedBy: string;
  readonly evidence: string | null;
  readonly occurredAt: BusinessTime;
  readonly eventId: string;
}

export interface PriorityView {
  readonly priorityId: string;
  readonly title: string;
  readonly description: string | null;
  readonly status: 'active' | 'retired';
  readonly latestGrade: GradeView | null;
}

export interface ActionView {
  readonly actionId: string;
  readonly priorityId: string;
  readonly title: string;
  readonly owner: string;
  readonly due: string;
  readonly successMeasure: string | null;
  readonly status: 'open' | 'completed' | 'dropped' | 'merged';
  readonly overdue: boolean;
  /** Every re-dating or other change, with its reason, oldest first. */
  readonly amendments: readonly { reason: string; due: string | null; occurredAt: BusinessTime }[];
  readonly latestGrade: GradeView | null;
}

export interface IndicatorView extends IndicatorDefinedData {
  readonly planId: string;
  readonly measurements: readonly { value: number; at: string; note: string | null; eventId: string }[];
}

export interface PlanView {
  readonly planId: string;
  readonly laCode: string;
  readonly title: string;
  readonly kind: string;
  readonly respondsTo: string | null;
  readonly supersedes: string | null;
  readonly createdAt: BusinessTime;
  readonly status: 'open' | 'closed';
  readonly priorities: readonly PriorityView[];
  readonly actions: readonly ActionView[];
  readonly latestPlanGrade: GradeView | null;
  readonly indicators: readonly IndicatorView[];
  readonly boardMeetings: readonly (BoardMeetingHeldData & { occurredAt: BusinessTime })[];
}

/** A plan as it stood at the cut; `today` (YYYY-MM-DD) decides what is overdue. Undefined if never created. */
export function planView(entries: readonly LedgerEntry[], today: string): PlanView | undefined {
  const created = entries.find((e) => e.type === 'PlanCreated');
  if (!created) return undefined;
  const plan = created.data as unknown as PlanCreatedData;
  const priorities = new Map<string, PriorityView>();
  const actions = new Map<string, ActionView>();
  const indicators = new Map<string, IndicatorView>();
  const meetings: (BoardMeetingHeldData & { occurredAt: BusinessTime })[] = [];
  let planGrade: GradeView | null = null;
  let closed = false;

  for (const entry of entries) {
    switch (entry.type) {
      case 'PrioritySet': {
        const data = entry.data as unknown as PrioritySetData;
        priorities.set(data.priorityId, {
          priorityId: data.priorityId,
          title: data.title,
          description: data.description ?? null,
          status: 'active',
          latestGrade: null,
        });
        break;
      }
      case 'PriorityAmended': {
        const data = entry.data as unknown as PriorityAmendedData;
        const current = priorities.get(data.priorityId);
        if (current)
          priorities.set(data.priorityId, {
            ...current,
            title: data.title ?? current.title,
            description: data.description ?? current.description,
          });
        break;
      }
      case 'PriorityRetired': {
        const data = entry.data as unknown as PriorityRetiredData;
        const current = priorities.get(data.priorityId);
        if (current) priorities.set(data.priorityId, { ...current, status: 'retired' });
        break;
      }
      case 'ActionAdded': {
        const data = entry.data as unknown as ActionAddedData;
        actions.set(data.actionId, {
          actionId: data.actionId,
          priorityId: data.priorityId,
          title: data.title,
          owner: data.owner,
          due: data.due,
          successMeasure: data.successMeasure ?? null,
          status: 'open',
          overdue: false,
          amendments: [],
          latestGrade: null,
        });
        break;
      }
      case 'ActionAmended': {
        const data = entry.data as unknown as ActionAmendedData;
        const current = actions.get(data.actionId);
        if (!current) break;
        actions.set(data.actionId, {
          ...current,
          title: data.title ?? current.title,
          owner: data.owner ?? current.owner,
          due: data.due ?? current.due,
          successMeasure: data.successMeasure ?? current.successMeasure,
          amendments: [...current.amendments, { reason: data.reason, due: data.due ?? null, occurredAt: entry.occurredAt }],
        });
        break;
      }
      case 'ActionClosed': {
        const data = entry.data as unknown as ActionClosedData;
        const current = actions.get(data.actionId);
        if (current) actions.set(data.actionId, { ...current, status: data.outcome });
        break;
      }
      case 'ProgressGraded': {
        const data = entry.data as unknown as ProgressGradedData;
        const grade: GradeView = {
          grade: data.grade,
          gradedBy: data.gradedBy,
          evidence: data.evidence ?? null,
          occurredAt: entry.occurredAt,
          eventId: entry.eventId,
        };
        if (data.target === 'plan') planGrade = grade;
        const priority = data.target === 'priority' ? priorities.get(data.targetId ?? '') : undefined;
        if (priority) priorities.set(priority.priorityId, { ...priority, latestGrade: grade });
        const action = data.target === 'action' ? actions.get(data.targetId ?? '') : undefined;
        if (action) actions.set(action.actionId, { ...action, latestGrade: grade });
        break;
      }
      case 'IndicatorDefined': {
        const data = entry.data as unknown as IndicatorDefinedData;
        indicators.set(data.indicatorId, { ...data, planId: plan.planId, measurements: [] });
        break;
      }
      case 'IndicatorMeasured': {
        const data = entry.data as unknown as IndicatorMeasuredData;
        const indicator = indicators.get(data.indicatorId);
        if (indicator) {
          const measurements = [
            ...indicator.measurements,
            { value: data.value, at: data.at, note: data.note ?? null, eventId: entry.eventId },
          ];
          indicators.set(data.indicatorId, { ...indicator, measurements: measurements.sort((a, b) => a.at.localeCompare(b.at)) });
        }
        break;
      }
      case 'BoardMeetingHeld':
        meetings.push({ ...(entry.data as unknown as BoardMeetingHeldData), occurredAt: entry.occurredAt });
        break;
      case 'PlanClosed':
        closed = true;
        break;
    }
  }
  return {
    planId: plan.planId,
    laCode: plan.laCode,
    title: plan.title,
    kind: plan.kind,
    respondsTo: plan.respondsTo ?? null,
    supersedes: plan.supersedes ?? null,
    createdAt: created.occurredAt,
    status: closed ? 'closed' : 'open',
    priorities: [...priorities.values()],
    actions: [...actions.values()].map((a) => ({ ...a, overdue: a.status === 'open' && a.due < today })),
    latestPlanGrade: planGrade,
    indicators: [...indicators.values()],
    boardMeetings: meetings,
  };
}
