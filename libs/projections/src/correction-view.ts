import type { JsonObject } from '@plan-ledger/event-store';
import type { LedgerEntry } from './ledger-entry';

/** One correction of the entry a view's item comes from, as a board would read it: what was changed from what, by whom, when, why. */
export interface CorrectionView {
  /** The corrected fields' values before the correction; null for a field that was absent. */
  readonly from: JsonObject;
  /** Their values after it (null: removed). Both are empty when only the business date was corrected. */
  readonly to: JsonObject;
  /** The actor id of whoever recorded the correction. */
  readonly by: string;
  /** When the correction was recorded. */
  readonly at: string;
  readonly reason: string;
}

/** The corrections applied to an entry, oldest first. */
export function correctionsOf(entry: LedgerEntry): CorrectionView[] {
  return entry.corrections.map((correction) => ({
    from: correction.from,
    to: correction.changes,
    by: correction.actor.id,
    at: correction.recordedAt,
    reason: correction.reason,
  }));
}
