import { planHeader, withMeasurements, type IndicatorMeasurement, type PlanItemKey, type PlanState, type PlanView } from '../plan-view';

/** The kinds of item a plan is kept as in the read model, one row per item. */
export type PlanItemKind = 'plan' | 'planGrade' | 'priority' | 'action' | 'indicator' | 'measurement' | 'meeting' | 'grading' | 'line';

/**
 * One item of a plan as the read model stores it: the item's view as canonical JSON, where it sits among its kind
 * (`order`), and the fields the portfolio filters on, kept beside the JSON so that they can be indexed.
 */
export interface PlanItemRow {
  readonly key: PlanItemKey;
  readonly kind: PlanItemKind;
  readonly order: number;
  readonly doc: string;
  readonly owner: string | null;
  readonly due: string | null;
  readonly status: string | null;
  /** The grade the item last had (latestGrade.grade), for progress counted by grade. */
  readonly grade: string | null;
}

function kindOf(key: PlanItemKey): PlanItemKind {
  const colon = key.indexOf(':');
  return (colon < 0 ? key : key.slice(0, colon)) as PlanItemKind;
}

function indexOf(keys: Iterable<string>, wanted: string): number {
  let index = 0;
  for (const key of keys) {
    if (key === wanted) return index;
    index += 1;
  }
  return -1;
}

const row = (key: PlanItemKey, order: number, value: unknown, extra: Partial<PlanItemRow> = {}): PlanItemRow => ({
  key,
  kind: kindOf(key),
  order,
  doc: JSON.stringify(value),
  owner: null,
  due: null,
  status: null,
  grade: null,
  ...extra,
});

/**
 * The row of one item of a plan's state, undefined when the state has no such item. `overdue` is left false: it
 * depends on the day a question is asked about, so it is decided when the rows are read (assemblePlan).
 */
export function planItemRow(state: PlanState, key: PlanItemKey): PlanItemRow | undefined {
  const kind = kindOf(key);
  const id = key.slice(kind.length + 1);
  switch (kind) {
    case 'plan':
      return row(key, 0, planHeader(state), { status: state.closed ? 'closed' : 'open' });
    case 'planGrade':
      return state.planGrade ? row(key, 0, state.planGrade, { grade: state.planGrade.grade }) : undefined;
    case 'priority': {
      const priority = state.priorities.get(id);
      return priority
        ? row(key, indexOf(state.priorities.keys(), id), priority, { status: priority.status, grade: priority.latestGrade?.grade ?? null })
        : undefined;
    }
    case 'action': {
      const action = state.actions.get(id);
      return action
        ? row(key, indexOf(state.actions.keys(), id), action, {
            owner: action.owner,
            due: action.due,
            status: action.status,
            grade: action.latestGrade?.grade ?? null,
          })
        : undefined;
    }
    case 'indicator': {
      // The definition only: each measurement is a row of its own (assemblePlan puts them back).
      const indicator = state.indicators.get(id);
      return indicator ? row(key, indexOf(state.indicators.keys(), id), { ...indicator, measurements: [] }) : undefined;
    }
    case 'measurement': {
      const kept = state.measured.get(id);
      // A measurement of an indicator no longer defined (its definition retracted) is no part of the plan.
      return kept && state.indicators.has(kept.indicatorId)
        ? row(key, Number(kept.position), { indicatorId: kept.indicatorId, ...kept.measurement })
        : undefined;
    }
    case 'meeting': {
      const index = Number(id);
      const meeting = state.meetings[index];
      return meeting ? row(key, index, meeting) : undefined;
    }
    case 'line': {
      // Ordered by log position: lines of equal business time keep the order they were recorded in.
      const lines = state.lines.get(id);
      return lines?.length
        ? row(
            key,
            Number(lines[0].position),
            lines.map((placed) => placed.line),
          )
        : undefined;
    }
    case 'grading': {
      // Ordered by log position, which is how the fold orders gradings of the same business time.
      const kept = state.gradings.get(id);
      return kept ? row(key, Number(kept.position), kept.grading, { grade: kept.grading.grade }) : undefined;
    }
  }
}

/** Every item of a plan's state as rows: what a plan re-folded from its stream is compared against. */
export function planItemRows(state: PlanState): Map<PlanItemKey, PlanItemRow> {
  const keys: PlanItemKey[] = ['plan', 'planGrade'];
  for (const id of state.priorities.keys()) keys.push(`priority:${id}`);
  for (const id of state.actions.keys()) keys.push(`action:${id}`);
  for (const id of state.indicators.keys()) keys.push(`indicator:${id}`);
  state.meetings.forEach((_, index) => keys.push(`meeting:${index}`));
  for (const id of state.gradings.keys()) keys.push(`grading:${id}`);
  for (const id of state.measured.keys()) keys.push(`measurement:${id}`);
  for (const id of state.lines.keys()) keys.push(`line:${id}`);
  const rows = new Map<PlanItemKey, PlanItemRow>();
  for (const key of keys) {
    const item = planItemRow(state, key);
    if (item) rows.set(key, item);
  }
  return rows;
}

/** A stored row as read back: its kind, order and JSON. */
export interface StoredPlanItem {
  readonly kind: string;
  readonly order: number;
  readonly doc: string;
}

/**
 * The PlanView a plan's rows stand for, as finishPlan would give it for the same state: the read model's answer
 * must be the fold's answer, byte for byte (a property test holds the two together). Undefined without a header.
 */
export function assemblePlan(items: readonly StoredPlanItem[], today: string): PlanView | undefined {
  const sorted = [...items].sort((a, b) => a.order - b.order);
  const docs = (kind: PlanItemKind): unknown[] =>
    sorted.filter((item) => item.kind === kind).map((item) => JSON.parse(item.doc) as unknown);
  const header = docs('plan')[0] as ReturnType<typeof planHeader> | undefined;
  if (!header) return undefined;
  const view: PlanView = {
    ...header,
    priorities: docs('priority') as PlanView['priorities'],
    actions: (docs('action') as PlanView['actions']).map((a) => ({ ...a, overdue: a.status === 'open' && a.due < today })),
    latestPlanGrade: (docs('planGrade')[0] as PlanView['latestPlanGrade'] | undefined) ?? null,
    indicators: withMeasurements(docs('indicator') as PlanView['indicators'], docs('measurement') as IndicatorMeasurement[]),
    boardMeetings: docs('meeting') as PlanView['boardMeetings'],
  };
  return view;
}
