export type { Cut } from './cut';
export {
  isEntryOf,
  type LedgerEntry,
  type LedgerEntryOf,
  type EntryBase,
  type FactEvent,
  type FactEventType,
  type AppliedCorrection,
} from './ledger-entry';
export type { UnreadableEntry } from './unreadable-entry';
export { rawText, planOwner } from './raw-event';
export { effectiveEntries, effectiveLedger, type EffectiveLedger } from './effective-entries';
export type { SourceSummary } from './entry-sources';
export { authorityView, type AuthorityView, type InspectionSummary, type VisitSummary, type InterventionSummary } from './authority-view';
export {
  planView,
  initialPlanState,
  evolvePlan,
  finishPlan,
  planHeader,
  type PlanState,
  type PlanItemKey,
  type PlanView,
  type PriorityView,
  type ActionView,
  type GradeView,
  type IndicatorView,
} from './plan-view';
export type { CorrectionView } from './correction-view';
export { withSupersession } from './supersession';
export {
  arrangeTimeline,
  placedLinesOf,
  timeline,
  TIMELINE_KINDS,
  type PlacedLine,
  type TimelineEntry,
  type TimelineKind,
  type TimelineFilter,
} from './timeline';
export { indicatorSeries } from './indicator-series';
export { authorityReport, eventsByAuthority, type AuthorityReport } from './authority-report';
export { knowledgeDiff, changesRecorded, LATE_AFTER_DAYS, type LearntEntry, type LearntOptions } from './knowledge-diff';
export { ProjectionRunner, type ReadModelStatus, type ReadModelState, type ProjectionRunnerOptions } from './read-model/projection-runner';
export { ReadModelReader, type PlanRef, type CouncilRow } from './read-model/read-model-reader';
export { READ_MODEL_VERSION } from './read-model/read-model-schema';
export { assemblePlan, planItemRow, planItemRows, type PlanItemRow, type StoredPlanItem } from './read-model/plan-items';
export { PLAN_ITEMS_ONLY, WHOLE_PLAN, type PlanParts } from './read-model/plan-parts';
export type { AuthorityDoc, AuthoritySummaryDoc, AuthorityHeadline } from './read-model/read-model-projector';
export { readModelHash, buildReadModel } from './read-model/read-model-hash';
export { createReadModelSchema } from './read-model/read-model-schema';
export { latestMonitoringVisit, latestMonitoringVisitIn, sinceVisit, type LatestMonitoringVisit } from './latest-monitoring-visit';
export { gradeHistory, gradingsOfTarget, planGradings, type GradeHistoryEntry, type PlanGrading } from './grade-history';
