import type { PlanView } from './plan-view';

/**
 * The plans of one council at one cut, each superseded plan marked with the plan that replaces it. planView sees
 * one plan's stream, and a plan does not record its own supersession (the later plan does), so this needs the
 * whole list. When two plans claim to supersede the same one, the first in the list (callers list them oldest first)
 * is named. A superseded plan reads 'superseded' whether or not it was also closed. Pure.
 */
export function withSupersession(plans: readonly PlanView[]): PlanView[] {
  const supersededBy = new Map<string, string>();
  for (const plan of plans) {
    if (plan.supersedes !== null && plan.supersedes !== plan.planId && !supersededBy.has(plan.supersedes)) {
      supersededBy.set(plan.supersedes, plan.planId);
    }
  }
  return plans.map((plan) => {
    const by = supersededBy.get(plan.planId);
    return by === undefined ? plan : { ...plan, status: 'superseded', supersededBy: by };
  });
}
