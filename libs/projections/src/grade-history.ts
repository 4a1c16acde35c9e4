import { compareBusinessTime } from '@plan-ledger/domain';
import { correctionsOf } from './correction-view';
import { isEntryOf, type LedgerEntry, type LedgerEntryOf } from './ledger-entry';
import type { GradeView } from './plan-view';

/** One grade in a target's history: the grade as it now stands (corrections applied and listed), and when recorded. */
export interface GradeHistoryEntry extends GradeView {
  readonly recordedAt: string;
}

/** A grading of a plan's, with what it grades: the plan as a whole, or one priority or action. */
export interface PlanGrading extends GradeHistoryEntry {
  readonly target: 'plan' | 'priority' | 'action';
  /** The priority's or action's id; null for the plan as a whole. */
  readonly targetId: string | null;
}

/** A ProgressGraded entry as one grading of its plan's history. */
export function gradingOf(entry: LedgerEntryOf<'ProgressGraded'>): PlanGrading {
  return {
    target: entry.data.target,
    targetId: entry.data.target === 'plan' ? null : (entry.data.targetId ?? null),
    grade: entry.data.grade,
    gradedBy: entry.data.gradedBy,
    evidence: entry.data.evidence ?? null,
    occurredAt: entry.occurredAt,
    eventId: entry.eventId,
    corrections: correctionsOf(entry),
    recordedAt: entry.recordedAt,
  };
}

/**
 * Gradings in the order a history shows them: oldest first by business time, log order among equals. `logOrder` gives
 * each grading's place in the log, so the read model (which keeps each grading's position) orders as the fold does.
 */
export function inGradeOrder<G extends GradeHistoryEntry>(gradings: readonly G[], logOrder: (grading: G, index: number) => number): G[] {
  return gradings
    .map((grading, index) => ({ grading, order: logOrder(grading, index) }))
    .sort((a, b) => compareBusinessTime(a.grading.occurredAt, b.grading.occurredAt) || a.order - b.order)
    .map(({ grading }) => grading);
}

/** The history of one target among a plan's gradings (given in grade order): the plan's own, or a priority's or action's. */
export function gradingsOfTarget<G extends PlanGrading>(
  gradings: readonly G[],
  target: 'plan' | 'priority' | 'action',
  targetId?: string,
): G[] {
  return gradings.filter((g) => g.target === target && (target === 'plan' || g.targetId === (targetId ?? null)));
}

const withoutTarget = ({ target: _target, targetId: _targetId, ...grade }: PlanGrading): GradeHistoryEntry => grade;

/**
 * Every grade a plan, priority or action was given, oldest first by business time (log order among equals), as the
 * effective history holds them: a retracted grade is gone, a corrected one shows its corrected value with its
 * corrections. What a board reads as the RAG trend across its meetings. Pure.
 */
export function gradeHistory(
  entries: readonly LedgerEntry[],
  target: 'plan' | 'priority' | 'action',
  targetId?: string,
): GradeHistoryEntry[] {
  return gradingsOfTarget(planGradings(entries), target, targetId).map(withoutTarget);
}

/** All of a plan's gradings in grade order, from its effective history: what the read model keeps as rows. Pure. */
export function planGradings(entries: readonly LedgerEntry[]): PlanGrading[] {
  return inGradeOrder(entries.filter(isEntryOf('ProgressGraded')).map(gradingOf), (_, index) => index);
}
