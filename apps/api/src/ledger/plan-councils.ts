import { effectiveHistory } from '@plan-ledger/domain';
import type { RecordedEvent } from '@plan-ledger/event-store';
import { toHistoryEvent } from './to-history-event';

/**
 * Every council a plan stream has ever belonged to, its current one first: the council its creation names now
 * (corrections applied), then any named by an earlier creation (retracted ones included) or by a correction that moved
 * it. A stream stays its councils' for good: a plan retracted by one council cannot be re-created by another to read
 * what the first recorded there, and a plan moved between councils is both councils' business.
 */
export function councilsOfPlanStream(events: readonly RecordedEvent[]): string[] {
  const current = effectiveHistory(events.map(toHistoryEvent)).find((event) => event.type === 'PlanCreated')?.data.laCode;
  const named: unknown[] = [current];
  for (const event of events) {
    if (event.type === 'PlanCreated') named.push(event.data.laCode);
    const changes = event.type === 'EventCorrected' ? event.data.changes : undefined;
    if (changes && typeof changes === 'object' && !Array.isArray(changes)) named.push(changes.laCode);
  }
  return [...new Set(named.filter((code): code is string => typeof code === 'string' && /^\d{3}$/.test(code)))];
}
