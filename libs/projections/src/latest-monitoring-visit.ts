import { compareBusinessTime, endOf } from '@plan-ledger/domain';
import type { AuthorityView, VisitSummary } from './authority-view';

/** The council's latest monitoring visit, and the whole days from its last day to `today` (0 while it runs). */
export interface LatestMonitoringVisit {
  readonly visit: VisitSummary | null;
  readonly daysSince: number | null;
}

const DAY_MS = 86_400_000;

/**
 * The monitoring visit that happened last (business time; the later recorded of two at one time), and how long ago:
 * from the fieldwork's last day when it is known, else from the last day the visit's date can mean ("May 2017" ends on
 * 31 May). `today` is the cut's business date (YYYY-MM-DD), so an answer at a past cut is as it stood then. Pure.
 */
export function latestMonitoringVisit(view: AuthorityView, today: string): LatestMonitoringVisit {
  return sinceVisit(latestMonitoringVisitIn(view), today);
}

/** The monitoring visit that happened last, whatever the day: what the read model keeps in a council's summary. */
export function latestMonitoringVisitIn(view: AuthorityView): VisitSummary | null {
  let latest: VisitSummary | null = null;
  for (const visit of view.visits)
    if (visit.kind === 'monitoring visit' && (latest === null || compareBusinessTime(visit.occurredAt, latest.occurredAt) >= 0))
      latest = visit;
  return latest;
}

/** A latest monitoring visit with the whole days from its last day to `today`. */
export function sinceVisit(latest: VisitSummary | null, today: string): LatestMonitoringVisit {
  if (!latest) return { visit: null, daysSince: null };
  const last = latest.fieldwork?.end ?? endOf(latest.occurredAt);
  const days = Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${last}T00:00:00Z`)) / DAY_MS);
  return { visit: latest, daysSince: Math.max(0, days) };
}
