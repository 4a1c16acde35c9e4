import {
  APPOINTMENT_ROLES,
  FOCUSED_VISIT_KINDS,
  FRAMEWORK_SCALES,
  INSPECTION_FRAMEWORKS,
  INSPECTION_KINDS,
  INTERVENTION_KINDS,
  type AppointmentMadeData,
  type AreaJudgement,
  type AuthorityRegisteredData,
  type FindingsRecordedData,
  type FocusedVisitLoggedData,
  type InspectionFramework,
  type InspectionRecordedData,
  type Inspector,
  type InterventionIssuedData,
  type InterventionLiftedData,
  type MonitoringVisitLoggedData,
  type ReviewPublishedData,
  type DocumentSource,
  type SourceAttachedData,
} from '../authority/authority-events';
import { JUDGEMENTS, type Judgement } from '../shared/scales';
import {
  LA_CODE_PATTERN,
  MAX_INSPECTORS,
  MAX_MONITORING_VISIT_NUMBER,
  MAX_SOURCE_PAGES,
  MAX_URL_LENGTH,
  MIN_MONITORING_VISIT_NUMBER,
  ONS_CODE_PATTERN,
  SHA256_PATTERN,
  URL_PATTERN,
} from './bounds';
import { boolean } from './boolean';
import { businessTime } from './business-time';
import { dateRange } from './date-range';
import { enumOf } from './enum-of';
import { list } from './list';
import { integer } from './numbers';
import { object } from './object';
import { optional } from './optional';
import { partialDate } from './partial-date';
import { isPlainObject } from './plain-object';
import { refine } from './refine';
import { fieldPath, itemPath, report, type Schema, type Scope } from './schema';
import { id, longText, shortText, text } from './text';

export const laCode = id({ test: LA_CODE_PATTERN, rule: 'must be a three-digit la_code (885 for Worcestershire)' });
const onsCode = shortText({ test: ONS_CODE_PATTERN, rule: 'must be an ONS code: E and eight digits (E10000034)' });
const judgement = enumOf(JUDGEMENTS);
const happenedOn = partialDate('happened');
const fieldwork = dateRange('happened');
const items = list(longText());

const inspector: Schema<Inspector> = object<Inspector>('an inspector', { name: shortText(), lead: boolean() });

const inspectorList = list(inspector, MAX_INSPECTORS);

/**
 * Inspectors as the document names them (empty when it does not): at most 30, at most one marked lead. The lead
 * rule is checked on what was sent, so it is reported even when an inspector's name is wrong too.
 */
const inspectors: Schema<readonly Inspector[]> = (value, path, scope) => {
  const parsed = inspectorList(value, path, scope);
  if (Array.isArray(value) && value.length <= MAX_INSPECTORS) {
    const leads = value.filter((one: unknown) => isPlainObject(one) && one.lead === true).length;
    if (leads > 1) return report(scope, path, `must mark at most one lead inspector (${leads} are marked lead)`);
  }
  return parsed;
};

const areaJudgement: Schema<AreaJudgement> = object<AreaJudgement>('an area judgement', { area: shortText(), judgement });

export const authorityRegistered: Schema<AuthorityRegisteredData> = object<AuthorityRegisteredData>('RegisterAuthority', {
  laCode,
  name: shortText(),
  region: shortText(),
  onsCode: optional(onsCode),
  newAuthorityReason: optional(longText()),
});

/** A judgement on the scale of its inspection's framework, or the rule it breaks, naming both. */
function offScale(framework: InspectionFramework, given: Judgement): string | undefined {
  const scale = FRAMEWORK_SCALES[framework];
  if (scale.includes(given)) return undefined;
  const era =
    given === 'adequate'
      ? '"adequate" belongs to the 2009-2013 scale only'
      : `"${given}" belongs to the scale from November 2013 (SIF and ILACS) only`;
  return `must be on the ${framework} framework's scale (${scale.join(' | ')}): ${era}`;
}

/**
 * Every judgement of an inspection, overall and by area, on its framework's scale: "adequate" is no SIF or ILACS
 * judgement, "requires improvement to be good" no 2009-2013 one. Checked on every write and on every correction,
 * which is parsed with this schema too.
 */
function judgedOnItsScale(inspection: InspectionRecordedData, path: string, scope: Scope): void {
  inspection.judgements.forEach((one, index) => {
    const rule = offScale(inspection.framework, one.judgement);
    if (rule) report(scope, fieldPath(itemPath(fieldPath(path, 'judgements'), index), 'judgement'), rule);
  });
  const rule = offScale(inspection.framework, inspection.overall);
  if (rule) report(scope, fieldPath(path, 'overall'), rule);
}

export const inspectionRecorded: Schema<InspectionRecordedData> = refine(
  object<InspectionRecordedData>('RecordInspection', {
    inspectionId: id(),
    framework: enumOf(INSPECTION_FRAMEWORKS),
    kind: enumOf(INSPECTION_KINDS),
    fieldwork: optional(fieldwork),
    reportDate: optional(happenedOn),
    publishedOn: optional(happenedOn),
    inspectors,
    judgements: list(areaJudgement),
    overall: judgement,
  }),
  judgedOnItsScale,
);

export const monitoringVisitLogged: Schema<MonitoringVisitLoggedData> = object<MonitoringVisitLoggedData>('LogMonitoringVisit', {
  visitId: id(),
  number: integer({ min: MIN_MONITORING_VISIT_NUMBER, max: MAX_MONITORING_VISIT_NUMBER }),
  follows: id(),
  fieldwork: optional(fieldwork),
  letterDate: optional(happenedOn),
  publishedOn: optional(happenedOn),
  inspectors,
  areasCovered: items,
});

export const focusedVisitLogged: Schema<FocusedVisitLoggedData> = object<FocusedVisitLoggedData>('LogFocusedVisit', {
  visitId: id(),
  kind: enumOf(FOCUSED_VISIT_KINDS),
  theme: shortText(),
  fieldwork: optional(fieldwork),
  letterDate: optional(happenedOn),
  publishedOn: optional(happenedOn),
  inspectors,
  priorityActionsSet: boolean(),
});

export const findingsRecorded: Schema<FindingsRecordedData> = object<FindingsRecordedData>('RecordFindings', {
  findingsId: id(),
  regarding: id(),
  recommendations: items,
  areasForPriorityAction: items,
  whatNeedsToImprove: items,
  strengths: items,
  weaknesses: items,
  progressNotes: items,
});

export const interventionIssued: Schema<InterventionIssuedData> = object<InterventionIssuedData>('IssueIntervention', {
  interventionId: id(),
  kind: enumOf(INTERVENTION_KINDS),
  summary: optional(longText()),
});

export const interventionLifted: Schema<InterventionLiftedData> = object<InterventionLiftedData>('LiftIntervention', {
  interventionId: id(),
  reason: optional(longText()),
});

export const appointmentMade: Schema<AppointmentMadeData> = object<AppointmentMadeData>('MakeAppointment', {
  appointmentId: id(),
  role: enumOf(APPOINTMENT_ROLES),
  name: shortText(),
});

export const reviewPublished: Schema<ReviewPublishedData> = object<ReviewPublishedData>('PublishReview', {
  reviewId: id(),
  title: shortText(),
  completed: optional(businessTime('happened')),
  published: optional(businessTime('happened')),
});

const documentSource: Schema<DocumentSource> = object<DocumentSource>('a source', {
  title: shortText(),
  publisher: optional(shortText()),
  url: optional(text({ max: MAX_URL_LENGTH, pattern: { test: URL_PATTERN, rule: 'must be an http(s) address without spaces' } })),
  sha256: id({ test: SHA256_PATTERN, rule: "must be the SHA-256 of the document's bytes: 64 lowercase hex digits" }),
  pages: optional(integer({ min: 1, max: MAX_SOURCE_PAGES })),
  publishedAt: optional(businessTime('happened')),
});

export const sourceAttached: Schema<SourceAttachedData> = object<SourceAttachedData>('AttachSource', {
  regarding: id(),
  source: documentSource,
});
