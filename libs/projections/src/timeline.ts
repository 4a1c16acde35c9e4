import {
  compareBusinessTime,
  describeBusinessTime,
  endOf,
  happenedBy,
  startOf,
  type AppointmentMadeData,
  type BusinessTime,
  type FindingsRecordedData,
  type FocusedVisitLoggedData,
  type InspectionRecordedData,
  type InterventionIssuedData,
  type InterventionLiftedData,
  type MonitoringVisitLoggedData,
  type PlanCreatedData,
  type PrioritySetData,
  type ReviewPublishedData,
} from '@plan-ledger/domain';
import type { LedgerEntry } from './ledger-entry';

export const TIMELINE_KINDS = [
  'inspection',
  'findings',
  'monitoring visit',
  'focused visit',
  'intervention',
  'appointment',
  'review',
  'plan',
  'priority',
  'board meeting',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  readonly at: BusinessTime;
  /** The date as the board would read it: the words as written when recorded, else plain English. */
  readonly label: string;
  readonly kind: TimelineKind;
  readonly title: string;
  readonly streamId: string;
  readonly eventId: string;
  readonly uncertain: boolean;
  readonly corrected: boolean;
}

const INTERVENTION_TITLES: Record<string, string> = {
  'improvement notice': 'Improvement notice issued',
  'statutory direction': 'Statutory direction issued',
  'revised direction': 'Revised statutory direction issued',
};

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What one entry puts on the journey: most put one line, a review two (carried out, then published). */
function linesOf(entry: LedgerEntry, inspections: ReadonlySet<string>): { at: BusinessTime; kind: TimelineKind; title: string }[] {
  const at = entry.occurredAt;
  switch (entry.type) {
    case 'InspectionRecorded': {
      const data = entry.data as unknown as InspectionRecordedData;
      return [
        { at, kind: 'inspection', title: `Ofsted inspection (${data.framework}${data.kind === 'standard' ? '' : `, ${data.kind}`})` },
      ];
    }
    case 'FindingsRecorded': {
      const data = entry.data as unknown as FindingsRecordedData;
      const counts = [
        data.recommendations.length ? `${data.recommendations.length} recommendations` : '',
        data.areasForPriorityAction.length ? `${data.areasForPriorityAction.length} areas for priority action` : '',
        data.whatNeedsToImprove.length ? `${data.whatNeedsToImprove.length} areas to improve` : '',
      ].filter(Boolean);
      const what = inspections.has(data.regarding) ? 'Inspection report published' : 'Visit findings published';
      return [{ at, kind: 'findings', title: counts.length ? `${what}: ${counts.join(', ')}` : what }];
    }
    case 'MonitoringVisitLogged': {
      const data = entry.data as unknown as MonitoringVisitLoggedData;
      return [{ at, kind: 'monitoring visit', title: `Ofsted monitoring visit ${data.number}` }];
    }
    case 'FocusedVisitLogged': {
      const data = entry.data as unknown as FocusedVisitLoggedData;
      return [{ at, kind: 'focused visit', title: `Ofsted ${data.kind}: ${data.theme}` }];
    }
    case 'InterventionIssued': {
      const data = entry.data as unknown as InterventionIssuedData;
      return [{ at, kind: 'intervention', title: INTERVENTION_TITLES[data.kind] ?? capitalised(data.kind) }];
    }
    case 'InterventionLifted': {
      const data = entry.data as unknown as InterventionLiftedData;
      return [{ at, kind: 'intervention', title: `Intervention ${data.interventionId} lifted` }];
    }
    case 'AppointmentMade': {
      const data = entry.data as unknown as AppointmentMadeData;
      return [{ at, kind: 'appointment', title: `${capitalised(data.role)}: ${data.name}` }];
    }
    case 'ReviewPublished': {
      const data = entry.data as unknown as ReviewPublishedData;
      const lines: { at: BusinessTime; kind: TimelineKind; title: string }[] = [];
      if (data.completed) lines.push({ at: data.completed, kind: 'review', title: data.title });
      if (data.published) lines.push({ at: data.published, kind: 'review', title: `${data.title} published` });
      return lines.length ? lines : [{ at, kind: 'review', title: data.title }];
    }
    case 'PlanCreated':
      return [{ at, kind: 'plan', title: (entry.data as unknown as PlanCreatedData).title }];
    case 'PlanClosed':
      return [{ at, kind: 'plan', title: 'Plan closed' }];
    case 'PrioritySet':
      return [{ at, kind: 'priority', title: `Priority: ${(entry.data as unknown as PrioritySetData).title}` }];
    case 'BoardMeetingHeld':
      return [{ at, kind: 'board meeting', title: 'Improvement board meeting' }];
    default:
      return [];
  }
}

export interface TimelineFilter {
  /** Inclusive business dates, YYYY-MM-DD: keep lines whose span overlaps them. */
  readonly from?: string;
  readonly to?: string;
  readonly kinds?: readonly TimelineKind[];
  /**
   * The business-date cut, applied to each line: a review carried out in April and published in September
   * shows its first line, and not yet its second, as of June.
   */
  readonly asOf?: string;
}

/**
 * The journey from inspection through visits to each plan, in business-time order; lines of equal time keep
 * the order they were recorded in. Pure: the same entries always give the same timeline.
 */
export function timeline(entries: readonly LedgerEntry[], filter: TimelineFilter = {}): TimelineEntry[] {
  const inspections = new Set(
    entries.filter((e) => e.type === 'InspectionRecorded').map((e) => (e.data as unknown as InspectionRecordedData).inspectionId),
  );
  const ordered = [...entries].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  const lines = ordered.flatMap((entry, order) =>
    linesOf(entry, inspections).map((line) => ({
      ...line,
      order,
      label: describeBusinessTime(line.at),
      streamId: entry.streamId,
      eventId: entry.eventId,
      uncertain: entry.uncertain,
      corrected: entry.corrections.length > 0,
    })),
  );
  const kinds = filter.kinds ? new Set(filter.kinds) : undefined;
  return lines
    .filter((line) => !kinds || kinds.has(line.kind))
    .filter((line) => !filter.from || endOf(line.at) >= filter.from)
    .filter((line) => !filter.to || startOf(line.at) <= filter.to)
    .filter((line) => !filter.asOf || happenedBy(line.at, filter.asOf) !== 'not yet')
    .map((line) => (filter.asOf && happenedBy(line.at, filter.asOf) === 'uncertain' ? { ...line, uncertain: true } : line))
    .sort((a, b) => compareBusinessTime(a.at, b.at) || a.order - b.order)
    .map(({ order: _, ...line }) => line);
}
