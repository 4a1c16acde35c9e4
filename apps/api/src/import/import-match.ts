import type { BusinessTime } from '@plan-ledger/domain';
import type { DraftCommand, ImportDraft } from '@plan-ledger/ofsted-import';
import type { LedgerEntry } from '@plan-ledger/projections';

/**
 * What the log already holds of the document: `new` (nothing of it), `already on record` (everything it says is
 * there), or `differs` (the same inspection or visit is there, with fields the document gives otherwise or that the
 * record lacks). A document is never recorded a second time beside its own entry.
 */
export type MatchStatus = 'new' | 'already on record' | 'differs';

/** One field the document gives otherwise than the record: the correction proposed. */
export interface FieldChange {
  /** "inspection.judgements", "findings.recommendations"... */
  readonly field: string;
  readonly old: unknown;
  readonly new: unknown;
}

/**
 * The document itself against the entry it matched: recorded with it (a new entry, whose events carry it as their
 * source), to attach as a source (AttachSource), or already attached (by SHA-256, whether the entry was recorded from
 * it or it was attached since).
 */
export type DocumentStatus = 'recorded with the entry' | 'to attach' | 'already attached';

export interface ImportMatch {
  readonly status: MatchStatus;
  readonly document: DocumentStatus;
  readonly explanation: string;
  /** The entry on record the document is about: its event and the id the record gives it. */
  readonly onRecord: { readonly eventId: string; readonly id: string; readonly type: string } | null;
  readonly changes: readonly FieldChange[];
  /** What applying the draft records, following the match: all of it, corrections only, or nothing. */
  readonly commands: readonly DraftCommand[];
}

const MAIN_TYPES: Record<string, LedgerEntry['type']> = {
  RecordInspection: 'InspectionRecorded',
  LogMonitoringVisit: 'MonitoringVisitLogged',
  LogFocusedVisit: 'FocusedVisitLogged',
};

/** The days a business time covers: "2016-10" is all of October, "2016" all the year. */
function spanOf(time: BusinessTime): { start: string; end: string } {
  const endOf = (partial: string): string => {
    if (partial.length === 4) return `${partial}-12-31`;
    if (partial.length === 7) {
      const [year, month] = partial.split('-').map(Number);
      return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    }
    return partial.slice(0, 10);
  };
  const startOf = (partial: string): string =>
    partial.length === 4 ? `${partial}-01-01` : partial.length === 7 ? `${partial}-01` : partial.slice(0, 10);
  return { start: startOf(time.from), end: endOf(time.to ?? time.from) };
}

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }): boolean => a.start <= b.end && b.start <= a.end;

/** Compared as the same facts whatever their order: lists of judgements or inspectors are sets. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify(value.map(canonical).sort());
  if (value && typeof value === 'object')
    return JSON.stringify(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return JSON.stringify(typeof value === 'string' ? value.replace(/\s+/g, ' ').trim().toLowerCase() : (value ?? null));
}

/** An event's data as named fields, to compare field by field whatever its type. */
const fieldsOf = (data: object): Readonly<Record<string, unknown>> => Object.fromEntries(Object.entries(data));

const given = (value: unknown): boolean => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

/** Fields compared per kind of entry; the first names what is compared for a match, the rest are corrected. */
const COMPARED: Record<string, readonly string[]> = {
  InspectionRecorded: ['framework', 'kind', 'fieldwork', 'publishedOn', 'inspectors', 'judgements', 'overall'],
  MonitoringVisitLogged: ['number', 'fieldwork', 'letterDate', 'inspectors', 'areasCovered'],
  FocusedVisitLogged: ['kind', 'theme', 'fieldwork', 'letterDate', 'inspectors', 'priorityActionsSet'],
};
const FINDINGS_FIELDS = ['recommendations', 'areasForPriorityAction', 'whatNeedsToImprove'] as const;

function differences(
  prefix: string,
  fields: readonly string[],
  record: Readonly<Record<string, unknown>>,
  document: Readonly<Record<string, unknown>>,
): { changes: FieldChange[]; patch: Record<string, unknown> } {
  const changes: FieldChange[] = [];
  const patch: Record<string, unknown> = {};
  for (const field of fields) {
    // What the document does not give never erases what the record holds.
    if (!given(document[field])) continue;
    if (canonical(record[field]) === canonical(document[field])) continue;
    changes.push({ field: `${prefix}.${field}`, old: record[field] ?? null, new: document[field] });
    patch[field] = document[field];
  }
  return { changes, patch };
}

/**
 * Compares a draft with the council's entries on record (effective: corrections applied, retractions gone): the same
 * kind of entry whose fieldwork (or, without fieldwork, business time) overlaps the document's is the same inspection
 * or visit. Fields the draft only inferred (an ILACS inspection's kind, from its days on site) are not proposed as
 * corrections.
 */
export function matchDraft(draft: ImportDraft, entries: readonly LedgerEntry[] | undefined): ImportMatch | null {
  const main = draft.commands.find((c) => c.command.type in MAIN_TYPES);
  if (!main) return null;
  const entryType = MAIN_TYPES[main.command.type];
  const document = main.command as Readonly<Record<string, unknown>>;
  const documentSpan = spanOf(main.occurredAt);
  const candidates = (entries ?? []).filter((entry) => {
    if (entry.type !== entryType) return false;
    const data = fieldsOf(entry.data);
    if (entryType === 'FocusedVisitLogged' && data.kind !== document.kind) return false;
    const fieldwork = data.fieldwork as { start: string; end: string } | undefined;
    return overlaps(fieldwork ?? spanOf(entry.occurredAt), documentSpan);
  });
  if (candidates.length === 0) {
    return {
      status: 'new',
      document: 'recorded with the entry',
      explanation: `no ${entryType} on record for ${main.key} overlaps ${documentSpan.start} to ${documentSpan.end}`,
      onRecord: null,
      changes: [],
      commands: draft.commands,
    };
  }
  // The nearest in time when several overlap (a month-precise entry and a day-precise one).
  const entry = candidates.sort((a, b) => spanLength(a.occurredAt) - spanLength(b.occurredAt))[0];
  const data = fieldsOf(entry.data);
  const idField = entryType === 'InspectionRecorded' ? 'inspectionId' : 'visitId';
  const recordId = String(data[idField]);
  const inferred = draft.reading.inspectionKind.note?.startsWith('inferred') ? ['kind'] : [];
  const fields = COMPARED[entryType].filter((f) => !(entryType === 'InspectionRecorded' && inferred.includes(f)));
  const prefix = entryType === 'InspectionRecorded' ? 'inspection' : 'visit';
  const main_ = differences(prefix, fields, data, document);

  const findingsCommand = draft.commands.find((c) => c.command.type === 'RecordFindings');
  const findingsOnRecord = (entries ?? []).find(
    (e): e is Extract<LedgerEntry, { type: 'FindingsRecorded' }> => e.type === 'FindingsRecorded' && e.data.regarding === recordId,
  );
  const reason = `as the published document says: ${draft.source.title} (sha256 ${draft.sha256.slice(0, 16)})`;
  const commands: DraftCommand[] = [];
  const changes: FieldChange[] = [...main_.changes];
  let step = 0;
  const commandId = (): string => `import-${draft.sha256.slice(0, 24)}-match-${step++}`;
  if (main_.changes.length > 0) {
    commands.push({
      kind: 'authority',
      key: main.key,
      command: { type: 'CorrectEvent', eventId: entry.eventId, changes: main_.patch, reason },
      occurredAt: entry.occurredAt,
      commandId: commandId(),
    });
  }
  if (findingsCommand) {
    const findings = findingsCommand.command as Readonly<Record<string, unknown>>;
    if (findingsOnRecord) {
      const diff = differences('findings', FINDINGS_FIELDS, fieldsOf(findingsOnRecord.data), findings);
      changes.push(...diff.changes);
      if (diff.changes.length > 0) {
        commands.push({
          kind: 'authority',
          key: main.key,
          command: { type: 'CorrectEvent', eventId: findingsOnRecord.eventId, changes: diff.patch, reason },
          occurredAt: findingsOnRecord.occurredAt,
          commandId: commandId(),
        });
      }
    } else if (FINDINGS_FIELDS.some((field) => given(findings[field]))) {
      // The entry is on record without its findings: they are recorded against it, not against a second copy.
      changes.push(
        ...FINDINGS_FIELDS.filter((f) => given(findings[f])).map((f) => ({ field: `findings.${f}`, old: null, new: findings[f] })),
      );
      commands.push({
        ...findingsCommand,
        command: { ...findingsCommand.command, regarding: recordId, findingsId: `${recordId}-findings` },
      });
    }
  }
  // The document is attached to the entry it matched, whether the entry holds all it says or is corrected from it:
  // either way the entry now rests on it too. Never twice: the decider refuses the same SHA-256 on the same entry.
  const attached = isAttached(entry, entries ?? [], draft.sha256);
  if (!attached) commands.push(attachCommand(draft, main.key, entry));
  const documentStatus: DocumentStatus = attached ? 'already attached' : 'to attach';
  const onDocument = attached ? 'the document is already attached as a source' : 'applying attaches the document as a source';
  return changes.length === 0
    ? {
        status: 'already on record',
        document: documentStatus,
        explanation: `${recordId} on record holds everything the document gives; ${onDocument}`,
        onRecord: { eventId: entry.eventId, id: recordId, type: entryType },
        changes: [],
        commands: attached ? [] : commands,
      }
    : {
        status: 'differs',
        document: documentStatus,
        explanation: `${recordId} is on record; the document gives ${changes.length} field${changes.length === 1 ? '' : 's'} otherwise: applying corrects them; ${onDocument}`,
        onRecord: { eventId: entry.eventId, id: recordId, type: entryType },
        changes,
        commands,
      };
}

/** Whether the entry rests on this document already: recorded from it, or attached since (by SHA-256). */
function isAttached(entry: LedgerEntry, entries: readonly LedgerEntry[], sha256: string): boolean {
  if (entry.source?.sha256 === sha256) return true;
  return entries.some(
    (other) => other.type === 'SourceAttached' && other.data.regarding === entry.eventId && other.data.source.sha256 === sha256,
  );
}

/** When the document was published, as the draft knows it: a day, or the span its PDF's creation date bounds. */
function publishedAtOf(draft: ImportDraft): BusinessTime | undefined {
  const value = draft.publicationDate.value;
  if (!value) return undefined;
  const [from, to] = value.split('/');
  if (to !== undefined) return { from, to, precision: 'day', label: `published between ${from} and ${to}` };
  return { from, precision: from.length === 4 ? 'year' : from.length === 7 ? 'month' : 'day' };
}

/** AttachSource for the matched entry: its commandId comes from the file and the entry, so a retry records it once. */
function attachCommand(draft: ImportDraft, key: string, entry: LedgerEntry): DraftCommand {
  const publishedAt = publishedAtOf(draft);
  return {
    kind: 'authority',
    key,
    command: {
      type: 'AttachSource',
      regarding: entry.eventId,
      source: { title: draft.source.title, publisher: 'Ofsted', sha256: draft.sha256, ...(publishedAt ? { publishedAt } : {}) },
    },
    // The attachment's business time is the document's publication, when known: as of an earlier date it did not exist.
    occurredAt: publishedAt ?? entry.occurredAt,
    commandId: `import-${draft.sha256.slice(0, 24)}-attach-${entry.eventId}`,
  };
}

function spanLength(time: BusinessTime): number {
  const span = spanOf(time);
  return Date.parse(span.end) - Date.parse(span.start);
}
