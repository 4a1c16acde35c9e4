import type { PlanView } from '@plan-ledger/projections';

export interface ProgressCounts {
  /** How many open plans the counts are of. */
  readonly plans: number;
  readonly priorities: readonly { grade: string; count: number }[];
  readonly openActions: number;
  readonly overdueActions: number;
}

const counted = (grades: readonly string[]) => {
  const byGrade = new Map<string, number>();
  for (const grade of grades) byGrade.set(grade, (byGrade.get(grade) ?? 0) + 1);
  return [...byGrade].sort(([a], [b]) => a.localeCompare(b)).map(([grade, count]) => ({ grade, count }));
};

/**
 * A folded plan's progress as the read model counts it (read-model-reader `progress`): active priorities by latest
 * grade, open actions, and those open past their due date on `today`. Used where the page shows a plan "as of" a date,
 * which the read model (kept on the recording axis only) cannot answer.
 */
export function progressOfPlan(plan: PlanView, today: string): ProgressCounts {
  const active = plan.priorities.filter((p) => p.status !== 'retired');
  const open = plan.actions.filter((a) => a.status === 'open');
  return {
    plans: 1,
    priorities: counted(active.map((p) => p.latestGrade?.grade ?? 'not graded')),
    openActions: open.length,
    overdueActions: open.filter((a) => a.due < today).length,
  };
}

/** Adds one plan's counts to another's: a council's progress is its open plans' together. */
export function addProgress(a: ProgressCounts, b: ProgressCounts): ProgressCounts {
  const byGrade = new Map<string, number>();
  for (const { grade, count } of [...a.priorities, ...b.priorities]) byGrade.set(grade, (byGrade.get(grade) ?? 0) + count);
  return {
    plans: a.plans + b.plans,
    priorities: [...byGrade].sort(([x], [y]) => x.localeCompare(y)).map(([grade, count]) => ({ grade, count })),
    openActions: a.openActions + b.openActions,
    overdueActions: a.overdueActions + b.overdueActions,
  };
}

export const NO_PROGRESS: ProgressCounts = { plans: 0, priorities: [], openActions: 0, overdueActions: 0 };

/** The RAG class a grade is drawn with; grades outside red/amber/green (e.g. blue for complete) keep their own word. */
export function ragClass(grade: string | null | undefined): string {
  const g = (grade ?? '').toLowerCase();
  if (g.includes('red')) return 'app-rag--red';
  if (g.includes('amber')) return 'app-rag--amber';
  if (g.includes('green')) return 'app-rag--green';
  if (g.includes('blue') || g.includes('complete')) return 'app-rag--blue';
  return 'app-rag--none';
}
