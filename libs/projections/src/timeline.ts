import { compareBusinessTime, describeBusinessTime, endOf, happenedBy, startOf, type BusinessTime } from '@plan-ledger/domain';
import { isEntryOf, type LedgerEntry } from './ledger-entry';

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
      const { data } = entry;
      return [
        { at, kind: 'inspection', title: `Ofsted inspection (${data.framework}${data.kind === 'standard' ? '' : `, ${data.kind}`})` },
      ];
    }
    case 'FindingsRecorded': {
      const { data } = entry;
      const counts = [
        data.recommendations.length ? `${data.recommendations.length} recommendations` : '',
        data.areasForPriorityAction.length ? `${data.areasForPriorityAction.length} areas for priority action` : '',
        data.whatNeedsToImprove.length ? `${data.whatNeedsToImprove.length} areas to improve` : '',
      ].filter(Boolean);
      const what = inspections.has(data.regarding) ? 'Inspection report published' : 'Visit findings published';
      return [{ at, kind: 'findings', title: counts.length ? `${what}: ${counts.join(', ')}` : what }];
    }
    case 'MonitoringVisitLogged':
      return [{ at, kind: 'monitoring visit', title: `Ofsted monitoring visit ${entry.data.number}` }];
    case 'FocusedVisitLogged':
      return [{ at, kind: 'focused visit', title: `Ofsted ${entry.data.kind}: ${entry.data.theme}` }];
    case 'InterventionIssued':
      return [{ at, kind: 'intervention', title: INTERVENTION_TITLES[entry.data.kind] ?? capitalised(entry.data.kind) }];
    case 'InterventionLifted':
      return [{ at, kind: 'intervention', title: `Intervention ${entry.data.interventionId} lifted` }];
    case 'AppointmentMade':
      return [{ at, kind: 'appointment', title: `${capitalised(entry.data.role)}: ${entry.data.name}` }];
    case 'ReviewPublished': {
      const { data } = entry;
      const lines: { at: BusinessTime; kind: TimelineKind; title: string }[] = [];
      if (data.completed) lines.push({ at: data.completed, kind: 'review', title: data.title });
      if (data.published) lines.push({ at: data.published, kind: 'review', title: `${data.title} published` });
      return lines.length ? lines : [{ at, kind: 'review', title: data.title }];
    }
    case 'PlanCreated':
      return [{ at, kind: 'plan', title: entry.data.title }];
    case 'PlanClosed':
      return [{ at, kind: 'plan', title: 'Plan closed' }];
    case 'PrioritySet':
      return [{ at, kind: 'priority', title: `Priority: ${entry.data.title}` }];
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

/** A line with its place in the log: what the timeline is arranged from, whether folded or read from the model. */
export interface PlacedLine {
  readonly line: TimelineEntry;
  /** The log position of the entry the line comes from: lines of equal business time keep log order. */
  readonly position: bigint;
  /** Its place among its entry's lines (a review puts two). */
  readonly seq: number;
}

/** The lines one entry puts on the journey, finished (label, stream, corrections) and placed. */
export function placedLinesOf(entry: LedgerEntry, inspections: ReadonlySet<string> = new Set()): PlacedLine[] {
  return linesOf(entry, inspections).map((line, seq) => ({
    line: {
      ...line,
      label: describeBusinessTime(line.at),
      streamId: entry.streamId,
      eventId: entry.eventId,
      uncertain: entry.uncertain,
      corrected: entry.corrections.length > 0,
    },
    position: entry.position,
    seq,
  }));
}

/** Lines filtered and in business-time order; lines of equal time keep the order they were recorded in. */
export function arrangeTimeline(lines: readonly PlacedLine[], filter: TimelineFilter = {}): TimelineEntry[] {
  const kinds = filter.kinds ? new Set(filter.kinds) : undefined;
  return lines
    .map(({ line, position, seq }) => ({ ...line, position, seq }))
    .filter((line) => !kinds || kinds.has(line.kind))
    .filter((line) => !filter.from || endOf(line.at) >= filter.from)
    .filter((line) => !filter.to || startOf(line.at) <= filter.to)
    .filter((line) => !filter.asOf || happenedBy(line.at, filter.asOf) !== 'not yet')
    .map((line) => (filter.asOf && happenedBy(line.at, filter.asOf) === 'uncertain' ? { ...line, uncertain: true } : line))
    .sort((a, b) => compareBusinessTime(a.at, b.at) || (a.position < b.position ? -1 : a.position > b.position ? 1 : 0) || a.seq - b.seq)
    .map(({ position: _, seq: __, ...line }) => line);
}

/**
 * The journey from inspection through visits to each plan, in business-time order; lines of equal time keep
 * the order they were recorded in. `placed` are lines already placed elsewhere (a council's plans' lines, read from the
 * read model's rows) to arrange with the entries' own. Pure: the same entries always give the same timeline.
 */
export function timeline(
  entries: readonly LedgerEntry[],
  filter: TimelineFilter = {},
  placed: readonly PlacedLine[] = [],
): TimelineEntry[] {
  const inspections = new Set(entries.filter(isEntryOf('InspectionRecorded')).map((e) => e.data.inspectionId));
  return arrangeTimeline([...entries.flatMap((entry) => placedLinesOf(entry, inspections)), ...placed], filter);
}
