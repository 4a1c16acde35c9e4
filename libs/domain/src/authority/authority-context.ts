import type { DecisionContext } from '../shared/decider';

/**
 * An authority decision may have to know what the council's plans rely on in its stream: that it is registered, and
 * the inspections and visits they respond to or were graded from. The application loads it for corrections.
 */
export interface AuthorityDecisionContext extends DecisionContext {
  readonly reliedOnBy?: {
    readonly plans: readonly string[];
    /** inspection or visit id → the plans naming it. */
    readonly references: ReadonlyMap<string, readonly string[]>;
  };
}
