import type { BoardMeetingHeldData, BusinessTime, IndicatorDefinedData } from '@plan-ledger/domain';
import { correctionsOf, type CorrectionView } from './correction-view';
import { isEntryOf, type LedgerEntry } from './ledger-entry';

export interface GradeView {
  readonly grade: string;
  readonly gradedBy: string;
  readonly evidence: string | null;
  readonly occurredAt: BusinessTime;
  readonly eventId: string;
  /** Corrections of the grade as recorded (its ProgressGraded event), oldest first. */
  readonly corrections: readonly CorrectionView[];
}

export interface PriorityView {
  readonly priorityId: string;
  readonly title: string;
  readonly description: string | null;
  readonly status: 'active' | 'retired';
  readonly latestGrade: GradeView | null;
  /** Corrections of the priority as set (its PrioritySet event), oldest first. */
  readonly corrections: readonly CorrectionView[];
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
  /** Corrections of the action as added (its ActionAdded event), oldest first; amendments are not corrections. */
  readonly corrections: readonly CorrectionView[];
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
  /** 'superseded' only once withSupersession has seen the plan that replaces it; planView alone knows one plan. */
  readonly status: 'open' | 'closed' | 'superseded';
  /** The plan that replaces this one (see withSupersession); null from planView. */
  readonly supersededBy: string | null;
  readonly priorities: readonly PriorityView[];
  readonly actions: readonly ActionView[];
  readonly latestPlanGrade: GradeView | null;
  readonly indicators: readonly IndicatorView[];
  readonly boardMeetings: readonly (BoardMeetingHeldData & { occurredAt: BusinessTime })[];
}

/** A plan as it stood at the cut; `today` (YYYY-MM-DD) decides what is overdue. Undefined if never created. */
export function planView(entries: readonly LedgerEntry[], today: string): PlanView | undefined {
  const created = entries.find(isEntryOf('PlanCreated'));
  if (!created) return undefined;
  const plan = created.data;
  const priorities = new Map<string, PriorityView>();
  const actions = new Map<string, ActionView>();
  const indicators = new Map<string, IndicatorView>();
  const meetings: (BoardMeetingHeldData & { occurredAt: BusinessTime })[] = [];
  let planGrade: GradeView | null = null;
  let closed = false;

  for (const entry of entries) {
    switch (entry.type) {
      case 'PrioritySet': {
        const { data } = entry;
        priorities.set(data.priorityId, {
          priorityId: data.priorityId,
          title: data.title,
          description: data.description ?? null,
          status: 'active',
          latestGrade: null,
          corrections: correctionsOf(entry),
        });
        break;
      }
      case 'PriorityAmended': {
        const { data } = entry;
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
        const current = priorities.get(entry.data.priorityId);
        if (current) priorities.set(current.priorityId, { ...current, status: 'retired' });
        break;
      }
      case 'ActionAdded': {
        const { data } = entry;
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
          corrections: correctionsOf(entry),
        });
        break;
      }
      case 'ActionAmended': {
        const { data } = entry;
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
        const current = actions.get(entry.data.actionId);
        if (current) actions.set(current.actionId, { ...current, status: entry.data.outcome });
        break;
      }
      case 'ProgressGraded': {
        const { data } = entry;
        const grade: GradeView = {
          grade: data.grade,
          gradedBy: data.gradedBy,
          evidence: data.evidence ?? null,
          occurredAt: entry.occurredAt,
          eventId: entry.eventId,
          corrections: correctionsOf(entry),
        };
        if (data.target === 'plan') planGrade = grade;
        const priority = data.target === 'priority' ? priorities.get(data.targetId ?? '') : undefined;
        if (priority) priorities.set(priority.priorityId, { ...priority, latestGrade: grade });
        const action = data.target === 'action' ? actions.get(data.targetId ?? '') : undefined;
        if (action) actions.set(action.actionId, { ...action, latestGrade: grade });
        break;
      }
      case 'IndicatorDefined': {
        const { data } = entry;
        indicators.set(data.indicatorId, { ...data, planId: plan.planId, measurements: [] });
        break;
      }
      case 'IndicatorMeasured': {
        const { data } = entry;
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
        meetings.push({ ...entry.data, occurredAt: entry.occurredAt });
        break;
      case 'PlanClosed':
        closed = true;
        break;
      default:
        // Authority events, and the plan's creation, read above.
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
    supersededBy: null,
    priorities: [...priorities.values()],
    actions: [...actions.values()].map((a) => ({ ...a, overdue: a.status === 'open' && a.due < today })),
    latestPlanGrade: planGrade,
    indicators: [...indicators.values()],
    boardMeetings: meetings,
  };
}
