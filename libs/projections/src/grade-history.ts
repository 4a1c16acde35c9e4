import { compareBusinessTime } from '@plan-ledger/domain';
import { correctionsOf } from './correction-view';
import { isEntryOf, type LedgerEntry } from './ledger-entry';
import type { GradeView } from './plan-view';

/** One grade in a target's history: the grade as it now stands (corrections applied and listed), and when recorded. */
export interface GradeHistoryEntry extends GradeView {
  readonly recordedAt: string;
}

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
  return entries
    .filter(isEntryOf('ProgressGraded'))
    .filter((entry) => entry.data.target === target && (target === 'plan' || entry.data.targetId === targetId))
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => compareBusinessTime(a.entry.occurredAt, b.entry.occurredAt) || a.index - b.index)
    .map(({ entry }) => ({
      grade: entry.data.grade,
      gradedBy: entry.data.gradedBy,
      evidence: entry.data.evidence ?? null,
      occurredAt: entry.occurredAt,
      eventId: entry.eventId,
      corrections: correctionsOf(entry),
      recordedAt: entry.recordedAt,
    }));
}
