import { authorityStreamId, planStreamId } from '@plan-ledger/domain';
import type { RecordedEvent } from '@plan-ledger/event-store';
import { authorityView, type AuthorityView } from './authority-view';
import { effectiveLedger } from './effective-entries';
import type { LedgerEntry } from './ledger-entry';
import { planView, type PlanView } from './plan-view';
import { planOwner, rawText } from './raw-event';
import { withSupersession } from './supersession';
import { timeline, type TimelineEntry } from './timeline';
import type { UnreadableEntry } from './unreadable-entry';

/** Everything about one authority at one cut: what `ledger replay` prints and the API's authorityReport answers. */
export interface AuthorityReport {
  readonly laCode: string;
  readonly knownAt: string;
  readonly asOf: string | null;
  readonly authority: AuthorityView;
  /** Superseded plans marked as such (withSupersession). */
  readonly plans: readonly PlanView[];
  readonly timeline: readonly TimelineEntry[];
  /** Events of the authority's and its plans' streams left out of the views because they cannot be read. */
  readonly unreadable: readonly UnreadableEntry[];
}

/**
 * Builds the report from any events that include the authority's stream and its plans' streams (a whole exported
 * log will do): keeps what was recorded by knownAt, then folds. The API and the CLI both call this, so the same
 * cut gives the same report, byte for byte once canonicalised.
 */
export function authorityReport(
  events: Iterable<RecordedEvent>,
  laCode: string,
  cut: { knownAt: string; asOf?: string },
): AuthorityReport | undefined {
  const known = [...events].filter((event) => event.recordedAt <= cut.knownAt);
  const authorityId = authorityStreamId(laCode);
  const planIds = new Set(
    known.flatMap((e) => {
      const planId = planOwner(e) === laCode ? rawText(e, 'planId') : undefined;
      return planId === undefined ? [] : [planId];
    }),
  );
  const authority = effectiveLedger(
    known.filter((e) => e.streamId === authorityId),
    cut.asOf,
  );
  const view = authorityView(authority.entries);
  if (!view) return undefined;
  const today = cut.asOf ?? cut.knownAt.slice(0, 10);
  const plans: PlanView[] = [];
  const planEntries: LedgerEntry[] = [];
  const unreadable = [...authority.unreadable];
  for (const planId of planIds) {
    const { entries, unreadable: unreadableOfPlan } = effectiveLedger(
      known.filter((e) => e.streamId === planStreamId(planId)),
      cut.asOf,
    );
    unreadable.push(...unreadableOfPlan);
    const plan = planView(entries, today);
    if (!plan) continue;
    plans.push(plan);
    planEntries.push(...entries);
  }
  return {
    laCode,
    knownAt: cut.knownAt,
    asOf: cut.asOf ?? null,
    authority: view,
    plans: withSupersession(plans),
    timeline: timeline([...authority.entries, ...planEntries], { asOf: cut.asOf }),
    unreadable,
  };
}

/** Buckets a whole log's events by the authority they belong to (its own stream and its plans'), in one pass. */
export function eventsByAuthority(events: Iterable<RecordedEvent>): Map<string, RecordedEvent[]> {
  const all = [...events];
  const owners = new Map<string, string>();
  for (const event of all) {
    const owner = planOwner(event);
    if (owner !== undefined) owners.set(event.streamId, owner);
  }
  const buckets = new Map<string, RecordedEvent[]>();
  for (const event of all) {
    const laCode = event.streamId.startsWith('authority-') ? event.streamId.slice('authority-'.length) : owners.get(event.streamId);
    if (!laCode) continue;
    const bucket = buckets.get(laCode);
    if (bucket) bucket.push(event);
    else buckets.set(laCode, [event]);
  }
  return buckets;
}
