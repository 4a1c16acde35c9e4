import { isPartialDate, type BusinessTime } from '@plan-ledger/domain';
import type { EventSource } from '@plan-ledger/event-store';
import { isEntryOf, type LedgerEntry } from './ledger-entry';

/** A document an inspection or visit rests on, as its entry shows it. */
export interface SourceSummary {
  /** The event that made it a source: the entry's own when recorded from it, else its SourceAttached. */
  readonly eventId: string;
  readonly title: string;
  readonly publisher: string | null;
  readonly url: string | null;
  /** Null for a source recorded without its bytes' digest (board slides named by title). */
  readonly sha256: string | null;
  readonly pages: number | null;
  readonly publishedAt: BusinessTime | null;
  /** When the log recorded it as a source (recordedAt). */
  readonly attachedAt: string;
}

const PRECISION_OF_LENGTH: Readonly<Record<number, BusinessTime['precision']>> = { 4: 'year', 7: 'month', 10: 'day' };

/**
 * The document an entry was recorded from, as its metadata names it (the importer's `{ title, date?, sha256 }`, the
 * seed's `{ title, date? }`): read loosely, since the envelope's source is any JSON object with a title.
 */
function recordedFrom(entry: LedgerEntry, source: EventSource): SourceSummary {
  const text = (field: string): string | null => (typeof source[field] === 'string' ? source[field] : null);
  const date = text('date');
  const precision = date !== null && isPartialDate(date) ? PRECISION_OF_LENGTH[date.length] : undefined;
  return {
    eventId: entry.eventId,
    title: source.title,
    publisher: text('publisher'),
    url: text('url'),
    sha256: text('sha256'),
    pages: typeof source.pages === 'number' ? source.pages : null,
    publishedAt: date !== null && precision ? { from: date, precision } : null,
    attachedAt: entry.recordedAt,
  };
}

/**
 * Each inspection's and visit's sources, by the entry's eventId, oldest first: the document it was recorded from,
 * then every document attached to it since, in the order recorded. A document (by SHA-256) is listed once, at its
 * first appearance: the decider refuses attaching it twice, but not attaching the document an entry was recorded from.
 */
export function sourcesByEntry(entries: readonly LedgerEntry[]): ReadonlyMap<string, readonly SourceSummary[]> {
  const sources = new Map<string, SourceSummary[]>();
  const add = (regarding: string, source: SourceSummary): void => {
    const listed = sources.get(regarding);
    if (!listed) return;
    if (source.sha256 !== null && listed.some((one) => one.sha256 === source.sha256)) return;
    listed.push(source);
  };
  for (const entry of entries) {
    if (entry.type === 'InspectionRecorded' || entry.type === 'MonitoringVisitLogged' || entry.type === 'FocusedVisitLogged') {
      sources.set(entry.eventId, entry.source ? [recordedFrom(entry, entry.source)] : []);
    }
  }
  for (const entry of entries.filter(isEntryOf('SourceAttached'))) {
    const { source } = entry.data;
    add(entry.data.regarding, {
      eventId: entry.eventId,
      title: source.title,
      publisher: source.publisher ?? null,
      url: source.url ?? null,
      sha256: source.sha256,
      pages: source.pages ?? null,
      publishedAt: source.publishedAt ?? null,
      attachedAt: entry.recordedAt,
    });
  }
  return sources;
}
