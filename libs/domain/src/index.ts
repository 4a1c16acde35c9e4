export type { ValidationProblem } from './validation/validation-problem';
export type { BusinessTime, DatePrecision } from './business-time/business-time';
export { DATE_PRECISIONS, businessTimeProblems } from './business-time/business-time';
export {
  startOf,
  endOf,
  happenedBy,
  compareBusinessTime,
  describeBusinessTime,
  businessTimeOfDate,
  type HappenedBy,
} from './business-time/business-time-cut';
export { DomainRuleViolation, type DomainErrorCode } from './shared/domain-error';
export { type Decider, type DomainEvent, type StoredDomainEvent, fold } from './shared/decider';
export { JUDGEMENTS, PROGRESS_GRADES, GRADED_BY, type Judgement, type ProgressGrade, type GradedBy } from './shared/scales';
export { isIsoDate, isPartialDate, type DateRange } from './shared/dates';
export * from './correction/correction-events';
export * from './authority/authority-events';
export type { AuthorityCommand } from './authority/authority-commands';
export { authorityDecider, initialAuthorityState, type AuthorityState } from './authority/authority-decider';
export * from './plan/plan-events';
export type { PlanCommand } from './plan/plan-commands';
export { planDecider, initialPlanState, type PlanState } from './plan/plan-decider';
export { upcast, currentSchemaVersion, type VersionedEventData } from './upcasting/upcasters';
