import type { BoardMeetingHeldData, BusinessTime, IndicatorDefinedData } from '@plan-ledger/domain';
import { correctionsOf, type CorrectionView } from './correction-view';
import { gradingOf, type PlanGrading } from './grade-history';
import { isEntryOf, type LedgerEntry, type LedgerEntryOf } from './ledger-entry';
import { placedLinesOf, type PlacedLine } from './timeline';

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
  /**
   * Every re-dating or other change, with its reason, oldest first: `due` is the new due date when it changed one,
   * `previousDue` the due date just before the change (a re-dating reads from → to without the log), `by` who
   * recorded it (actor id).
   */
  readonly amendments: readonly { reason: string; due: string | null; previousDue: string; by: string; occurredAt: BusinessTime }[];
  readonly latestGrade: GradeView | null;
  /** Corrections of the action as added (its ActionAdded event), oldest first; amendments are not corrections. */
  readonly corrections: readonly CorrectionView[];
}

export interface Measurement {
  readonly value: number;
  readonly at: string;
  readonly note: string | null;
  readonly eventId: string;
}

/** A measurement with the indicator it measures: how the state and the read model keep it, apart from the definition. */
export type IndicatorMeasurement = Measurement & { readonly indicatorId: string };

/**
 * Indicators with their measurements put back (given in log order): sorted stably by the date measured, so that ties
 * stay in log order. The fold and the read model both assemble a plan's indicators this way.
 */
export function withMeasurements(indicators: readonly IndicatorView[], measurements: readonly IndicatorMeasurement[]): IndicatorView[] {
  const byIndicator = new Map<string, Measurement[]>();
  for (const { indicatorId, ...measurement } of measurements) {
    const list = byIndicator.get(indicatorId) ?? [];
    list.push(measurement);
    byIndicator.set(indicatorId, list);
  }
  return indicators.map((indicator) => ({
    ...indicator,
    measurements: (byIndicator.get(indicator.indicatorId) ?? []).sort((a, b) => a.at.localeCompare(b.at)),
  }));
}

export interface IndicatorView extends IndicatorDefinedData {
  readonly planId: string;
  /** Oldest first by the date measured, log order among equals. */
  readonly measurements: readonly Measurement[];
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

/**
 * A plan's state while its entries are folded: what planView finishes into a PlanView, and what the read model keeps
 * between events so that one more entry costs one evolve, not a re-fold of the plan.
 */
export interface PlanState {
  readonly created: LedgerEntryOf<'PlanCreated'>;
  readonly priorities: Map<string, PriorityView>;
  readonly actions: Map<string, ActionView>;
  readonly indicators: Map<string, IndicatorView>;
  readonly meetings: (BoardMeetingHeldData & { occurredAt: BusinessTime })[];
  /**
   * Every grading of the plan, its priorities and actions, by event id with its log position: the grade history the
   * read model keeps a row each of, so a page's RAG trend is read, not re-folded from the stream.
   */
  readonly gradings: Map<string, { readonly grading: PlanGrading; readonly position: bigint }>;
  /**
   * Every measurement by event id, with its indicator and log position: the read model keeps a row each, so that a
   * measurement adds one small row instead of rewriting its indicator with all the measurements before it.
   */
  readonly measured: Map<string, { readonly indicatorId: string; readonly measurement: Measurement; readonly position: bigint }>;
  /**
   * The plan's lines on its council's journey (created, priorities set, board meetings, closed), by event id: the read
   * model keeps a row each, so a timeline reads them instead of folding every event of the plan.
   */
  readonly lines: Map<string, readonly PlacedLine[]>;
  planGrade: GradeView | null;
  closed: boolean;
}

/** What an entry changed in a plan: the keys of the items it set (`priority:<id>`, `action:<id>`, …). */
export type PlanItemKey =
  | 'plan'
  | 'planGrade'
  | `priority:${string}`
  | `action:${string}`
  | `indicator:${string}`
  | `meeting:${number}`
  | `grading:${string}`
  | `measurement:${string}`
  | `line:${string}`;

/** The state of a plan that has just been created; undefined when the entries hold no PlanCreated. */
export function initialPlanState(entries: readonly LedgerEntry[]): PlanState | undefined {
  const created = entries.find(isEntryOf('PlanCreated'));
  if (!created) return undefined;
  return {
    created,
    priorities: new Map(),
    actions: new Map(),
    indicators: new Map(),
    meetings: [],
    gradings: new Map(),
    measured: new Map(),
    lines: new Map([[created.eventId, placedLinesOf(created)]]),
    planGrade: null,
    closed: false,
  };
}

/**
 * Folds one entry into a plan's state and names the items it changed. Items are replaced, never edited in place,
 * so a view finished earlier keeps what it showed.
 */
export function evolvePlan(state: PlanState, entry: LedgerEntry): PlanItemKey[] {
  const changed = evolveItems(state, entry);
  if (entry.type !== 'PlanCreated') {
    const lines = placedLinesOf(entry);
    if (lines.length > 0) {
      state.lines.set(entry.eventId, lines);
      changed.push(`line:${entry.eventId}`);
    }
  }
  return changed;
}

function evolveItems(state: PlanState, entry: LedgerEntry): PlanItemKey[] {
  const { priorities, actions, indicators } = state;
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
      return [`priority:${data.priorityId}`];
    }
    case 'PriorityAmended': {
      const { data } = entry;
      const current = priorities.get(data.priorityId);
      if (!current) return [];
      priorities.set(data.priorityId, {
        ...current,
        title: data.title ?? current.title,
        description: data.description ?? current.description,
      });
      return [`priority:${data.priorityId}`];
    }
    case 'PriorityRetired': {
      const current = priorities.get(entry.data.priorityId);
      if (!current) return [];
      priorities.set(current.priorityId, { ...current, status: 'retired' });
      return [`priority:${current.priorityId}`];
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
      return [`action:${data.actionId}`];
    }
    case 'ActionAmended': {
      const { data } = entry;
      const current = actions.get(data.actionId);
      if (!current) return [];
      actions.set(data.actionId, {
        ...current,
        title: data.title ?? current.title,
        owner: data.owner ?? current.owner,
        due: data.due ?? current.due,
        successMeasure: data.successMeasure ?? current.successMeasure,
        amendments: [
          ...current.amendments,
          { reason: data.reason, due: data.due ?? null, previousDue: current.due, by: entry.actor.id, occurredAt: entry.occurredAt },
        ],
      });
      return [`action:${data.actionId}`];
    }
    case 'ActionClosed': {
      const current = actions.get(entry.data.actionId);
      if (!current) return [];
      actions.set(current.actionId, { ...current, status: entry.data.outcome });
      return [`action:${current.actionId}`];
    }
    case 'ProgressGraded': {
      const { data } = entry;
      const grading = gradingOf(entry);
      // The latest grade is the grading without what it grades and when it was recorded (the same fields, in order).
      const { target: _target, targetId: _targetId, recordedAt: _recordedAt, ...grade } = grading;
      state.gradings.set(entry.eventId, { grading, position: entry.position });
      const graded = `grading:${entry.eventId}` as const;
      if (data.target === 'plan') {
        state.planGrade = grade;
        return ['planGrade', graded];
      }
      const priority = data.target === 'priority' ? priorities.get(data.targetId ?? '') : undefined;
      if (priority) {
        priorities.set(priority.priorityId, { ...priority, latestGrade: grade });
        return [`priority:${priority.priorityId}`, graded];
      }
      const action = data.target === 'action' ? actions.get(data.targetId ?? '') : undefined;
      if (action) {
        actions.set(action.actionId, { ...action, latestGrade: grade });
        return [`action:${action.actionId}`, graded];
      }
      return [graded];
    }
    case 'IndicatorDefined': {
      const { data } = entry;
      indicators.set(data.indicatorId, { ...data, planId: state.created.data.planId, measurements: [] });
      // Defined again (the decider refuses it, but a view folds any log): its earlier measurements are gone with it.
      const dropped: PlanItemKey[] = [];
      for (const [eventId, kept] of state.measured)
        if (kept.indicatorId === data.indicatorId) {
          state.measured.delete(eventId);
          dropped.push(`measurement:${eventId}`);
        }
      return [`indicator:${data.indicatorId}`, ...dropped];
    }
    case 'IndicatorMeasured': {
      const { data } = entry;
      const indicator = indicators.get(data.indicatorId);
      if (!indicator) return [];
      const measurement: Measurement = { value: data.value, at: data.at, note: data.note ?? null, eventId: entry.eventId };
      // Kept once, in state.measured: finishPlan puts them back in their indicators. Copying and sorting an indicator's
      // list at every measurement was quadratic (2,700 measurements a plan at 1M events).
      state.measured.set(entry.eventId, { indicatorId: data.indicatorId, measurement, position: entry.position });
      return [`measurement:${entry.eventId}`];
    }
    case 'BoardMeetingHeld':
      state.meetings.push({ ...entry.data, occurredAt: entry.occurredAt });
      return [`meeting:${state.meetings.length - 1}`];
    case 'PlanClosed':
      state.closed = true;
      return ['plan'];
    default:
      // Authority events, and the plan's creation, read by initialPlanState.
      return [];
  }
}

/** The plan's header: what it is, whose, and whether closed (its items are the other keys). */
export function planHeader(
  state: PlanState,
): Omit<PlanView, 'priorities' | 'actions' | 'latestPlanGrade' | 'indicators' | 'boardMeetings'> {
  const { created } = state;
  const plan = created.data;
  return {
    planId: plan.planId,
    laCode: plan.laCode,
    title: plan.title,
    kind: plan.kind,
    respondsTo: plan.respondsTo ?? null,
    supersedes: plan.supersedes ?? null,
    createdAt: created.occurredAt,
    status: state.closed ? 'closed' : 'open',
    supersededBy: null,
  };
}

/** The view of a folded plan; `today` (YYYY-MM-DD) decides what is overdue. */
export function finishPlan(state: PlanState, today: string): PlanView {
  return {
    ...planHeader(state),
    priorities: [...state.priorities.values()],
    actions: [...state.actions.values()].map((a) => ({ ...a, overdue: a.status === 'open' && a.due < today })),
    latestPlanGrade: state.planGrade,
    indicators: withMeasurements(
      [...state.indicators.values()],
      [...state.measured.values()].map(({ indicatorId, measurement }) => ({ indicatorId, ...measurement })),
    ),
    boardMeetings: [...state.meetings],
  };
}

/** A plan as it stood at the cut; `today` (YYYY-MM-DD) decides what is overdue. Undefined if never created. */
export function planView(entries: readonly LedgerEntry[], today: string): PlanView | undefined {
  const state = initialPlanState(entries);
  if (!state) return undefined;
  for (const entry of entries) evolvePlan(state, entry);
  return finishPlan(state, today);
}
