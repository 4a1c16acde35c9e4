import type { PlanView } from '@plan-ledger/projections';
import type { PlanSummary } from './portfolio-queries';

const countsOf = (grades: readonly (string | null)[]) => {
  const byGrade = new Map<string, number>();
  for (const grade of grades) byGrade.set(grade ?? 'not graded', (byGrade.get(grade ?? 'not graded') ?? 0) + 1);
  return [...byGrade].sort(([a], [b]) => a.localeCompare(b)).map(([grade, count]) => ({ grade, count }));
};

/**
 * A folded plan as the portfolio lists it, counted exactly as the read model counts its rows (read-model-reader's
 * `progress` and `latestMeetings`): for answers the model cannot give (as of a date, or with the model switched off).
 */
export function planSummaryOf(plan: PlanView, today: string, revision: bigint): Omit<PlanSummary, 'cursor'> {
  const { priorities, actions, latestPlanGrade: _grade, indicators: _indicators, boardMeetings, ...header } = plan;
  const open = actions.filter((a) => a.status === 'open');
  return {
    plan: header,
    progress: {
      priorities: countsOf(priorities.filter((p) => p.status !== 'retired').map((p) => p.latestGrade?.grade ?? null)),
      actions: countsOf(actions.map((a) => a.latestGrade?.grade ?? null)),
      openActions: open.length,
      overdueActions: open.filter((a) => a.due < today).length,
      latestBoardMeeting: boardMeetings[boardMeetings.length - 1] ?? null,
    },
    revision,
  };
}
