import type { DocumentReading, ImportDraft } from '@plan-ledger/ofsted-import';

export interface FieldCounts {
  readonly found: number;
  readonly notFound: number;
  readonly ambiguous: number;
  /** Judgements the document's framework did not make: neither found nor missing. */
  readonly notJudged: number;
}

type Status = 'found' | 'not found' | 'ambiguous' | 'not judged';

/** Every field read from a document, each judgement one field: what a person checking the draft looks through. */
export function countFields(reading: DocumentReading): FieldCounts {
  const statuses: Status[] = [];
  for (const value of Object.values(reading)) {
    if (value && typeof value === 'object' && 'status' in value && typeof value.status === 'string') statuses.push(value.status as Status);
  }
  for (const judgement of reading.judgements) statuses.push(judgement.judgement.status);
  const count = (status: Status): number => statuses.filter((s) => s === status).length;
  return { found: count('found'), notFound: count('not found'), ambiguous: count('ambiguous'), notJudged: count('not judged') };
}

/** One document's row: refused documents say why, by code. */
export interface ImportRow {
  readonly file: string;
  readonly draft?: ImportDraft;
  readonly refused?: { readonly code: string; readonly message: string };
  /** How it matched the record (with --check or --apply), or what applying did. */
  readonly match?: string;
}

/** A plain-text table, widths from the content: type, council, fields found / not found / ambiguous, match. */
export function importTable(rows: readonly ImportRow[]): string {
  const header = ['file', 'type', 'council', 'found', 'not found', 'ambiguous', 'match'];
  const cells = rows.map((row) => {
    if (!row.draft) return [row.file, 'REFUSED', row.refused?.code ?? '', '', '', '', row.refused?.message ?? ''];
    const counts = countFields(row.draft.reading);
    const council = row.draft.reading.authority.value;
    return [
      row.file,
      row.draft.documentType,
      council ? `${council.name} (${council.laCode})` : `? ${row.draft.reading.authority.status}`,
      String(counts.found),
      String(counts.notFound),
      String(counts.ambiguous),
      row.match ?? (row.draft.blockers.length ? `blocked: ${row.draft.blockers.length} to settle` : 'not checked'),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => Math.min(c[i].length, 60))));
  const line = (c: readonly string[]): string =>
    c
      .map((cell, i) => (i === c.length - 1 ? cell : cell.slice(0, 60).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
