import type { INDICATOR_UNITS } from './plan-events';

export type PriorityStatus = 'active' | 'retired';
export type ActionStatus = 'open' | 'closed';

interface PlanFacts {
  readonly planId: string;
  readonly laCode: string;
  readonly priorities: Map<string, PriorityStatus>;
  readonly actions: Map<string, ActionStatus>;
  readonly indicators: Map<string, (typeof INDICATOR_UNITS)[number]>;
  readonly meetings: Set<string>;
}

/** A plan stream is absent until created, then open, then closed (only corrections after that). */
export type PlanState = { readonly status: 'absent' } | (PlanFacts & { readonly status: 'open' | 'closed' });
export type StartedPlan = Extract<PlanState, { status: 'open' | 'closed' }>;

export const initialPlanState = (): PlanState => ({ status: 'absent' });
