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
export { type Decider, type DecisionContext, type DomainEvent, type StoredDomainEvent, fold } from './shared/decider';
export { JUDGEMENTS, PROGRESS_GRADES, GRADED_BY, type Judgement, type ProgressGrade, type GradedBy } from './shared/scales';
export { isIsoDate, isPartialDate, type DateRange } from './shared/dates';
export * from './correction/correction-events';
export * from './authority/authority-events';
export { AUTHORITY_COMMAND_OF, type AuthorityCommand, type AuthorityStreamCommand } from './authority/authority-commands';
export { authorityDecider } from './authority/authority-decider';
export { initialAuthorityState, type AuthorityState, type RegisteredAuthority } from './authority/authority-state';
export * from './plan/plan-events';
export { PLAN_COMMAND_OF, type PlanCommand, type PlanStreamCommand } from './plan/plan-commands';
export { planDecider } from './plan/plan-decider';
export { initialPlanState, type PlanState, type StartedPlan } from './plan/plan-state';
export type { AuthorityFacts, PlanDecisionContext } from './plan/plan-context';
export type { AuthorityDecisionContext } from './authority/authority-context';
export type { HistoryEvent } from './history/history-event';
export {
  effectiveHistory,
  standingEvent,
  applyChanges,
  isCorrectionType,
  type EffectiveEvent,
  type EffectiveCorrection,
  type EventData,
} from './history/effective-history';
export { decideOnHistory, decideOnState, stateOf, stateFollowing, replayRefusals } from './history/decide-on-history';
export type { StreamDefinition } from './history/stream-definition';
export { STREAMS, authorityStream, planStream, type StreamKind, type StreamTypes } from './streams/streams';
export { upcast, currentSchemaVersion, type VersionedEventData } from './upcasting/upcasters';
export {
  CommandRejected,
  parseAuthorityCommand,
  parsePlanCommand,
  parseBusinessTime,
  parseEventData,
  EVENT_TYPE_OF_COMMAND,
  type ParseContext,
  type Problem,
} from './parse';
export * as bounds from './parse/bounds';
export * from './register';
export * from './access';
