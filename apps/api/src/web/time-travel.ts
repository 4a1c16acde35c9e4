import { InputRejected } from '../errors/input-rejected';

/**
 * What every page may be asked to show instead of "now": the record as it was known at an instant (recording time)
 * and the plan's world as of a date (business time). Kept in the URL, so a page of an earlier meeting can be linked to
 * and opened again showing exactly the same.
 */
export interface TimeTravel {
  /** An instant (ISO 8601, UTC); a date alone is read as the end of that day. */
  readonly knownAt?: string;
  /** A date (YYYY-MM-DD). */
  readonly asOf?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

const realDate = (value: string): boolean => {
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value.slice(0, 10);
};

/** The time-travel fields of a page's query string, checked; refused naming the field and the rule. */
export function timeTravelOf(query: unknown): TimeTravel {
  const fields = (query ?? {}) as Record<string, unknown>;
  const problems: { field: string; rule: string }[] = [];
  const text = (name: string): string | undefined => {
    const value = fields[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' || value.length > 40) {
      problems.push({ field: name, rule: 'must be given once, as a date' });
      return undefined;
    }
    return value.trim();
  };
  const knownAtText = text('knownAt');
  const asOfText = text('asOf');
  let knownAt: string | undefined;
  if (knownAtText !== undefined) {
    if (DATE.test(knownAtText) && realDate(knownAtText)) knownAt = `${knownAtText}T23:59:59.999Z`;
    else if (INSTANT.test(knownAtText) && realDate(knownAtText) && !Number.isNaN(new Date(knownAtText).getTime()))
      knownAt = new Date(knownAtText).toISOString();
    else problems.push({ field: 'knownAt', rule: 'must be a real date, like 2018-03-14, or a date and time, like 2018-03-14T10:00Z' });
  }
  let asOf: string | undefined;
  if (asOfText !== undefined) {
    if (DATE.test(asOfText) && realDate(asOfText)) asOf = asOfText;
    else problems.push({ field: 'asOf', rule: 'must be a real date, like 2018-03-14' });
  }
  if (problems.length > 0) throw new InputRejected(problems);
  return { ...(knownAt ? { knownAt } : {}), ...(asOf ? { asOf } : {}) };
}

/** `path` with the page's time travel kept, so following a link never silently jumps back to "now". */
export function withTimeTravel(path: string, travel: TimeTravel, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  if (travel.knownAt) params.set('knownAt', travel.knownAt);
  if (travel.asOf) params.set('asOf', travel.asOf);
  for (const [name, value] of Object.entries(extra)) if (value !== undefined && value !== '') params.set(name, value);
  const query = params.toString();
  return query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
}
