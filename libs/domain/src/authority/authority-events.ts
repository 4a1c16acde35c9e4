import type { BusinessTime } from '../business-time/business-time';
import type { CorrectionEvent } from '../correction/correction-events';
import type { DateRange } from '../shared/dates';
import type { DomainEvent } from '../shared/decider';
import { JUDGEMENTS_2009_2013, JUDGEMENTS_FROM_2013, type Judgement } from '../shared/scales';

/** Inspectors as the document names them; an empty list means the source in hand does not name them. */
export interface Inspector {
  readonly name: string;
  readonly lead: boolean;
}

export interface AreaJudgement {
  readonly area: string;
  readonly judgement: Judgement;
}

/**
 * The inspection frameworks the ledger records, by the names the importer gives their periods: the single
 * inspection framework (SIF, 2013-2018), ILACS (from 2018), and before them the inspections of safeguarding and
 * looked after children services (SLAC, 2009-2012) and of child protection (2012-2013). The unannounced inspections
 * of contact, referral and assessment (2009-2013) are not among them: they made no overall judgement, and an
 * InspectionRecorded carries one. They are logged as visits (FOCUSED_VISIT_KINDS), with their strengths and areas for
 * development as findings.
 */
export const INSPECTION_FRAMEWORKS = ['SIF', 'ILACS', 'SLAC 2009-2012', 'child protection 2012-2013'] as const;
export type InspectionFramework = (typeof INSPECTION_FRAMEWORKS)[number];

/** The scale each framework judged on: an inspection's judgements, overall and by area, are on its framework's. */
export const FRAMEWORK_SCALES: { readonly [F in InspectionFramework]: readonly Judgement[] } = {
  SIF: JUDGEMENTS_FROM_2013,
  ILACS: JUDGEMENTS_FROM_2013,
  'SLAC 2009-2012': JUDGEMENTS_2009_2013,
  'child protection 2012-2013': JUDGEMENTS_2009_2013,
};

export const INSPECTION_KINDS = ['standard', 'short', 're-inspection'] as const;
/**
 * Visits that look at one theme and judge nothing overall: focused visits (2018 on), joint targeted area inspections,
 * and the unannounced inspections of contact, referral and assessment arrangements (2009-2013).
 */
export const FOCUSED_VISIT_KINDS = ['focused visit', 'joint targeted area inspection', 'unannounced inspection'] as const;
export const INTERVENTION_KINDS = ['improvement notice', 'statutory direction', 'revised direction'] as const;
export const APPOINTMENT_ROLES = ['commissioner', 'improvement adviser', 'improvement partner', 'board chair'] as const;

export interface AuthorityRegisteredData {
  readonly laCode: string;
  readonly name: string;
  readonly region: string;
  readonly onsCode?: string;
  /**
   * Only for a council the national register does not (yet) hold, e.g. one formed by a reorganisation:
   * why it is registered anyway. Without it, code, name, region and ONS code must match the register.
   */
  readonly newAuthorityReason?: string;
}

export interface InspectionRecordedData {
  readonly inspectionId: string;
  readonly framework: InspectionFramework;
  readonly kind: (typeof INSPECTION_KINDS)[number];
  /** Absent when the source in hand does not give the days; occurredAt then carries what is known. */
  readonly fieldwork?: DateRange;
  /** Partial dates (YYYY, YYYY-MM or YYYY-MM-DD): the date on the report, and when Ofsted published it. */
  readonly reportDate?: string;
  readonly publishedOn?: string;
  readonly inspectors: readonly Inspector[];
  readonly judgements: readonly AreaJudgement[];
  readonly overall: Judgement;
}

export interface MonitoringVisitLoggedData {
  readonly visitId: string;
  /** 1 for the first visit after the inadequate judgement, and so on. */
  readonly number: number;
  /** The inspection whose inadequate judgement the visit follows (an inspectionId), or its date when not on record. */
  readonly follows: string;
  /** Absent when only the month is known (e.g. from board slides); occurredAt then carries what is known. */
  readonly fieldwork?: DateRange;
  readonly letterDate?: string;
  readonly publishedOn?: string;
  readonly inspectors: readonly Inspector[];
  readonly areasCovered: readonly string[];
}

export interface FocusedVisitLoggedData {
  readonly visitId: string;
  readonly kind: (typeof FOCUSED_VISIT_KINDS)[number];
  readonly theme: string;
  readonly fieldwork?: DateRange;
  readonly letterDate?: string;
  readonly publishedOn?: string;
  readonly inspectors: readonly Inspector[];
  readonly priorityActionsSet: boolean;
}

export interface FindingsRecordedData {
  readonly findingsId: string;
  /** The inspection or visit these findings come from. */
  readonly regarding: string;
  readonly recommendations: readonly string[];
  readonly areasForPriorityAction: readonly string[];
  readonly whatNeedsToImprove: readonly string[];
  readonly strengths: readonly string[];
  readonly weaknesses: readonly string[];
  readonly progressNotes: readonly string[];
}

export interface InterventionIssuedData {
  readonly interventionId: string;
  readonly kind: (typeof INTERVENTION_KINDS)[number];
  readonly summary?: string;
}

export interface InterventionLiftedData {
  readonly interventionId: string;
  readonly reason?: string;
}

export interface AppointmentMadeData {
  readonly appointmentId: string;
  readonly role: (typeof APPOINTMENT_ROLES)[number];
  readonly name: string;
}

export interface ReviewPublishedData {
  readonly reviewId: string;
  readonly title: string;
  /** When the review was carried out ("Mar/Apr 2017"). */
  readonly completed?: BusinessTime;
  /** When its report was published ("September 2017"). */
  readonly published?: BusinessTime;
}

/**
 * The events a document can be attached to as their source: an inspection or a visit (the report or letter they are
 * taken from). Findings are read from the same document as their inspection or visit, so the document is attached
 * to that entry once, not to each.
 */
export const SOURCE_BEARING_EVENTS = ['InspectionRecorded', 'MonitoringVisitLogged', 'FocusedVisitLogged'] as const;
export type SourceBearingEvent = (typeof SOURCE_BEARING_EVENTS)[number];

/** A document an entry rests on, told apart from every other by the SHA-256 of its bytes. */
export interface DocumentSource {
  readonly title: string;
  /** "Ofsted", "Department for Education"... */
  readonly publisher?: string;
  readonly url?: string;
  readonly sha256: string;
  readonly pages?: number;
  /** When it was published, as precisely as known: a day, or a span when only the PDF's creation date bounds it. */
  readonly publishedAt?: BusinessTime;
}

export interface SourceAttachedData {
  /** The eventId of the inspection or visit the document is a source of. */
  readonly regarding: string;
  readonly source: DocumentSource;
}

export type AuthorityEvent =
  | DomainEvent<'AuthorityRegistered', AuthorityRegisteredData>
  | DomainEvent<'InspectionRecorded', InspectionRecordedData>
  | DomainEvent<'MonitoringVisitLogged', MonitoringVisitLoggedData>
  | DomainEvent<'FocusedVisitLogged', FocusedVisitLoggedData>
  | DomainEvent<'FindingsRecorded', FindingsRecordedData>
  | DomainEvent<'InterventionIssued', InterventionIssuedData>
  | DomainEvent<'InterventionLifted', InterventionLiftedData>
  | DomainEvent<'AppointmentMade', AppointmentMadeData>
  | DomainEvent<'ReviewPublished', ReviewPublishedData>
  | DomainEvent<'SourceAttached', SourceAttachedData>
  | CorrectionEvent;

export function authorityStreamId(laCode: string): string {
  return `authority-${laCode}`;
}
