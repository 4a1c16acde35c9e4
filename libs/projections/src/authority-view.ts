import {
  compareBusinessTime,
  type AppointmentMadeData,
  type BusinessTime,
  type FOCUSED_VISIT_KINDS,
  type FindingsRecordedData,
  type FocusedVisitLoggedData,
  type InspectionRecordedData,
  type MonitoringVisitLoggedData,
  type ReviewPublishedData,
} from '@plan-ledger/domain';
import { sourcesByEntry, type SourceSummary } from './entry-sources';
import { isEntryOf, type LedgerEntry } from './ledger-entry';

export interface InspectionSummary extends Omit<InspectionRecordedData, 'fieldwork'> {
  readonly fieldwork: { start: string; end: string } | null;
  readonly eventId: string;
  readonly occurredAt: BusinessTime;
  readonly leadInspector: string | null;
  readonly findings: readonly FindingsRecordedData[];
  /** The documents it rests on, oldest first. */
  readonly sources: readonly SourceSummary[];
  readonly corrected: boolean;
  readonly uncertain: boolean;
}

export interface VisitSummary {
  readonly eventId: string;
  readonly kind: 'monitoring visit' | (typeof FOCUSED_VISIT_KINDS)[number];
  readonly visitId: string;
  readonly number: number | null;
  readonly theme: string | null;
  readonly occurredAt: BusinessTime;
  readonly fieldwork: { start: string; end: string } | null;
  readonly letterDate: string | null;
  readonly leadInspector: string | null;
  readonly areasCovered: readonly string[];
  readonly findings: readonly FindingsRecordedData[];
  /** The documents it rests on (its letter), oldest first. */
  readonly sources: readonly SourceSummary[];
  readonly corrected: boolean;
  readonly uncertain: boolean;
}

export interface InterventionSummary {
  readonly interventionId: string;
  readonly kind: string;
  readonly summary: string | null;
  readonly issued: BusinessTime;
  readonly lifted: BusinessTime | null;
  readonly inForce: boolean;
}

export interface AuthorityView {
  readonly laCode: string;
  readonly name: string;
  readonly region: string;
  readonly onsCode: string | null;
  readonly inspections: readonly InspectionSummary[];
  readonly visits: readonly VisitSummary[];
  readonly interventions: readonly InterventionSummary[];
  readonly currentIntervention: InterventionSummary | null;
  readonly appointments: readonly (AppointmentMadeData & { occurredAt: BusinessTime })[];
  readonly reviews: readonly (ReviewPublishedData & { occurredAt: BusinessTime })[];
  readonly latestOverallJudgement: string | null;
}

function leadOf(inspectors: readonly { name: string; lead: boolean }[] | undefined): string | null {
  return inspectors?.find((i) => i.lead)?.name ?? null;
}

/** The fields both kinds of visit share, read in one place so the two summaries cannot drift apart. */
function visitDetails(
  data: MonitoringVisitLoggedData | FocusedVisitLoggedData,
  findings: ReadonlyMap<string, readonly FindingsRecordedData[]>,
): Pick<VisitSummary, 'visitId' | 'fieldwork' | 'letterDate' | 'leadInspector' | 'findings'> {
  return {
    visitId: data.visitId,
    fieldwork: data.fieldwork ?? null,
    letterDate: data.letterDate ?? null,
    leadInspector: leadOf(data.inspectors),
    findings: findings.get(data.visitId) ?? [],
  };
}

/** The authority's judgement and intervention history, folded from its effective entries. Undefined if not registered. */
export function authorityView(entries: readonly LedgerEntry[]): AuthorityView | undefined {
  const registered = entries.find(isEntryOf('AuthorityRegistered'));
  if (!registered) return undefined;
  const details = registered.data;
  const findings = new Map<string, FindingsRecordedData[]>();
  for (const { data } of entries.filter(isEntryOf('FindingsRecorded'))) {
    findings.set(data.regarding, [...(findings.get(data.regarding) ?? []), data]);
  }
  const sources = sourcesByEntry(entries);
  const inspections: InspectionSummary[] = [];
  const visits: VisitSummary[] = [];
  const interventions = new Map<string, InterventionSummary>();
  const appointments: (AppointmentMadeData & { occurredAt: BusinessTime })[] = [];
  const reviews: (ReviewPublishedData & { occurredAt: BusinessTime })[] = [];

  for (const entry of entries) {
    const common = {
      eventId: entry.eventId,
      occurredAt: entry.occurredAt,
      sources: sources.get(entry.eventId) ?? [],
      corrected: entry.corrections.length > 0,
      uncertain: entry.uncertain,
    };
    switch (entry.type) {
      case 'InspectionRecorded': {
        const { data } = entry;
        inspections.push({
          ...data,
          ...common,
          fieldwork: data.fieldwork ?? null,
          leadInspector: leadOf(data.inspectors),
          findings: findings.get(data.inspectionId) ?? [],
        });
        break;
      }
      case 'MonitoringVisitLogged': {
        const { data } = entry;
        visits.push({
          ...common,
          ...visitDetails(data, findings),
          kind: 'monitoring visit',
          number: data.number,
          theme: null,
          areasCovered: data.areasCovered,
        });
        break;
      }
      case 'FocusedVisitLogged': {
        const { data } = entry;
        visits.push({ ...common, ...visitDetails(data, findings), kind: data.kind, number: null, theme: data.theme, areasCovered: [] });
        break;
      }
      case 'InterventionIssued': {
        const { data } = entry;
        interventions.set(data.interventionId, {
          interventionId: data.interventionId,
          kind: data.kind,
          summary: data.summary ?? null,
          issued: entry.occurredAt,
          lifted: null,
          inForce: true,
        });
        break;
      }
      case 'InterventionLifted': {
        const issued = interventions.get(entry.data.interventionId);
        if (issued) interventions.set(entry.data.interventionId, { ...issued, lifted: entry.occurredAt, inForce: false });
        break;
      }
      case 'AppointmentMade':
        appointments.push({ ...entry.data, occurredAt: entry.occurredAt });
        break;
      case 'ReviewPublished':
        reviews.push({ ...entry.data, occurredAt: entry.occurredAt });
        break;
      default:
        // Plan events and the registration itself add nothing here.
        break;
    }
  }
  const inForce = [...interventions.values()].filter((i) => i.inForce);
  const latestInspection = [...inspections].sort((a, b) => compareBusinessTime(a.occurredAt, b.occurredAt)).pop();
  return {
    laCode: details.laCode,
    name: details.name,
    region: details.region,
    onsCode: details.onsCode ?? null,
    inspections,
    visits,
    interventions: [...interventions.values()],
    currentIntervention: inForce[inForce.length - 1] ?? null,
    appointments,
    reviews,
    latestOverallJudgement: latestInspection?.overall ?? null,
  };
}
