import type { DecisionContext } from '../shared/decider';

/** What a plan's council stream holds, for the references a plan makes across streams. */
export interface AuthorityFacts {
  readonly laCode: string;
  readonly inspections: ReadonlySet<string>;
  readonly visits: ReadonlySet<string>;
}

/**
 * A plan decision may look at other streams: the council it belongs to (must be registered; respondsTo and
 * fromVisit name its inspections and visits) and the plans it names (supersedes). The application loads them
 * before deciding; undefined / absent means not on record.
 */
export interface PlanDecisionContext extends DecisionContext {
  readonly authority?: AuthorityFacts;
  readonly plans?: ReadonlyMap<string, { readonly laCode: string }>;
}
