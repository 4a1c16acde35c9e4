/**
 * A previewed draft as the review page shows it: each field read from the document with what it was read as and how
 * sure the reader is (found, not found, ambiguous, not judged), and the match against the record with each difference
 * old → new. The preview's fields and match are JSON (as GraphQL returns them), so they are read here with guards.
 */

export interface FieldRow {
  readonly name: string;
  readonly status: string;
  readonly value: string;
  readonly note: string | null;
  readonly where: string | null;
}

export interface MatchView {
  readonly status: string;
  readonly explanation: string;
  readonly changes: readonly { field: string; old: string; new: string }[];
  readonly steps: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const NAMES: Record<string, string> = {
  authority: 'Council',
  framework: 'Framework',
  period: 'Framework period',
  inspectionKind: 'Kind of inspection',
  fieldwork: 'Fieldwork',
  publishedOn: 'Published on (as stated)',
  publication: 'Publication',
  letterDate: 'Letter date',
  inspectors: 'Inspectors',
  leadInspector: 'Lead inspector',
  overall: 'Overall effectiveness',
  theme: 'Theme',
  visitNumber: 'Visit number',
  judgedInadequateIn: 'Judged inadequate in',
  areasCovered: 'Areas covered',
  recommendations: 'Recommendations',
  areasForPriorityAction: 'Areas for priority action',
  whatNeedsToImprove: 'What needs to improve',
};

/** A value read from the document, in words: names and dates as they are, lists one item a line. */
export function valueWords(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(valueWords).join('\n');
  if (isRecord(value)) {
    if (typeof value.name === 'string') return value.laCode ? `${value.name} (${String(value.laCode)})` : value.name;
    if (typeof value.start === 'string' && typeof value.end === 'string') return `${value.start} to ${value.end}`;
    if (typeof value.label === 'string') return value.label;
    return Object.entries(value)
      .map(([key, inner]) => `${key}: ${valueWords(inner)}`)
      .join(', ');
  }
  return JSON.stringify(value);
}

function rowOf(name: string, field: unknown): FieldRow | undefined {
  if (!isRecord(field) || typeof field.status !== 'string') return undefined;
  const source = isRecord(field.source) ? field.source : undefined;
  return {
    name,
    status: field.status,
    value: valueWords(field.value),
    note: typeof field.note === 'string' ? field.note : null,
    where: source ? `page ${String(source.page)}, line ${String(source.line)}` : null,
  };
}

export function fieldRowsOf(reading: unknown): { fields: FieldRow[]; judgements: FieldRow[] } {
  if (!isRecord(reading)) return { fields: [], judgements: [] };
  const fields = Object.entries(reading).flatMap(([key, field]) => {
    if (key === 'recognition' || key === 'judgements') return [];
    const row = rowOf(NAMES[key] ?? key, field);
    return row ? [row] : [];
  });
  const judgements = (Array.isArray(reading.judgements) ? reading.judgements : []).flatMap((judgement: unknown) => {
    if (!isRecord(judgement) || typeof judgement.area !== 'string') return [];
    const row = rowOf(judgement.within ? `${judgement.area} (within ${String(judgement.within)})` : judgement.area, judgement.judgement);
    return row ? [row] : [];
  });
  return { fields, judgements };
}

export function matchViewOf(match: unknown): MatchView | null {
  if (!isRecord(match) || typeof match.status !== 'string') return null;
  const changes = (Array.isArray(match.changes) ? match.changes : []).flatMap((change: unknown) =>
    isRecord(change) && typeof change.field === 'string'
      ? [{ field: change.field, old: valueWords(change.old) || '(none)', new: valueWords(change.new) || '(none)' }]
      : [],
  );
  return {
    status: match.status,
    explanation: typeof match.explanation === 'string' ? match.explanation : '',
    changes,
    steps: Array.isArray(match.commands) ? match.commands.length : 0,
  };
}

/** GOV.UK tag colours for how a field was read: a person looks hardest at the ones not found or ambiguous. */
export const STATUS_TAGS: Record<string, string> = {
  found: 'govuk-tag--green',
  'not found': 'govuk-tag--grey',
  ambiguous: 'govuk-tag--orange',
  'not judged': 'govuk-tag--blue',
  new: 'govuk-tag--green',
  'already on record': 'govuk-tag--grey',
  differs: 'govuk-tag--orange',
};
