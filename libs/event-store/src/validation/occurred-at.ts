import { isJsonObject } from '../json/json-value';
import type { OccurredAtPrecision } from '../port/event-metadata';
import type { OccurredAtRule, ValidationProblem } from './validation-problem';

const PRECISIONS: readonly OccurredAtPrecision[] = ['day', 'month', 'year'];
const FIELDS: readonly string[] = ['from', 'to', 'precision', 'label'];

const FORMAT: Record<OccurredAtPrecision, { pattern: RegExp; written: string }> = {
  day: { pattern: /^\d{4}-\d{2}-\d{2}$/, written: 'YYYY-MM-DD' },
  month: { pattern: /^\d{4}-\d{2}$/, written: 'YYYY-MM' },
  year: { pattern: /^\d{4}$/, written: 'YYYY' },
};

function isPrecision(value: unknown): value is OccurredAtPrecision {
  return PRECISIONS.some((precision) => precision === value);
}

/** The month exists, and at day precision so does the day (no 2017-02-30): the calendar's rule, nobody's policy. */
function existsInCalendar(value: string, precision: OccurredAtPrecision): boolean {
  const [year, month = 1, day = 1] = value.split('-').map(Number);
  if (month < 1 || month > 12) return false;
  return precision !== 'day' || new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/**
 * The store's own check of `metadata.occurredAt`, so that an event with an impossible business time never reaches
 * the log whoever opened the store: an object of from, to, precision and label only; precision day, month or year;
 * from (and to, when given) dates written at that precision that exist in the calendar; to not before from; label
 * text. Empty when it holds.
 */
export function occurredAtProblems(value: unknown, path: string): ValidationProblem[] {
  if (!isJsonObject(value)) return [{ field: path, rule: 'must be an object with from, precision and optional to and label' }];
  const problems: ValidationProblem[] = [];
  for (const key of Object.keys(value)) {
    if (!FIELDS.includes(key)) problems.push({ field: `${path}.${key}`, rule: 'is not a field of a business time' });
  }
  const { from, to, precision, label } = value;
  if (label !== undefined && typeof label !== 'string') problems.push({ field: `${path}.label`, rule: 'must be text' });
  if (!isPrecision(precision)) {
    problems.push({ field: `${path}.precision`, rule: `must be one of ${PRECISIONS.join(', ')}` });
    return problems;
  }
  const format = FORMAT[precision];
  let datesFine = true;
  for (const [key, date] of [['from', from] as const, ['to', to] as const]) {
    if (key === 'to' && date === undefined) continue;
    if (typeof date === 'string' && format.pattern.test(date) && existsInCalendar(date, precision)) continue;
    datesFine = false;
    problems.push({ field: `${path}.${key}`, rule: `must be a real date written ${format.written} (precision ${precision})` });
  }
  // Both are written at one precision, so their text orders as their dates do.
  if (datesFine && typeof to === 'string' && typeof from === 'string' && to < from) {
    problems.push({ field: `${path}.to`, rule: 'must not be before from' });
  }
  return problems;
}

/** The store's check, then (only if it holds, so nothing is reported twice) the rule its opener supplied. */
export function occurredAtProblemsWith(rule: OccurredAtRule | undefined): (value: unknown, path: string) => ValidationProblem[] {
  return (value, path) => {
    const own = occurredAtProblems(value, path);
    return own.length > 0 || !rule ? own : [...rule(value, path)];
  };
}
