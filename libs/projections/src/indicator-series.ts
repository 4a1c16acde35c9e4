import type { IndicatorView, PlanView } from './plan-view';

/** Every measurement of the named indicators (all when none are named) across an authority's plans. */
export function indicatorSeries(plans: readonly PlanView[], indicatorIds?: readonly string[]): IndicatorView[] {
  const wanted = indicatorIds && indicatorIds.length > 0 ? new Set(indicatorIds) : undefined;
  return plans.flatMap((plan) => plan.indicators).filter((indicator) => !wanted || wanted.has(indicator.indicatorId));
}
