export type { Cut } from './cut';
export type { LedgerEntry, AppliedCorrection } from './ledger-entry';
export { effectiveEntries } from './effective-entries';
export { authorityView, type AuthorityView, type InspectionSummary, type VisitSummary, type InterventionSummary } from './authority-view';
export { planView, type PlanView, type PriorityView, type ActionView, type GradeView, type IndicatorView } from './plan-view';
export { timeline, TIMELINE_KINDS, type TimelineEntry, type TimelineKind, type TimelineFilter } from './timeline';
export { indicatorSeries } from './indicator-series';
export { authorityReport, eventsByAuthority, type AuthorityReport } from './authority-report';
export { knowledgeDiff, changesRecorded, type LearntEntry } from './knowledge-diff';
