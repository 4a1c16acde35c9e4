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
  /** Plans on record this one may name, with the plan each supersedes in turn (to refuse cycles). */
  readonly plans?: ReadonlyMap<string, { readonly laCode: string; readonly supersedes?: string }>;
  /** Plans on record that name this one as superseded: it must go on existing for them. */
  readonly supersededBy?: readonly string[];
}
