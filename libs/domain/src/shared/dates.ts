import { invalid } from './domain-error';

/** A calendar date, YYYY-MM-DD, that really exists. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A date known to the year, month or day: 2017, 2017-09, 2017-09-26. */
export function isPartialDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (/^\d{4}$/.test(value)) return true;
  if (/^\d{4}-\d{2}$/.test(value)) return isIsoDate(`${value}-01`);
  return isIsoDate(value);
}

export interface DateRange {
  readonly start: string;
  readonly end: string;
}

/** Fieldwork and similar spans: real dates, and the end not before the start. */
export function checkDateRange(range: DateRange | undefined, field: string): void {
  if (!range) throw invalid(field, 'is required');
  if (!isIsoDate(range.start)) throw invalid(`${field}.start`, 'must be a real date written YYYY-MM-DD');
  if (!isIsoDate(range.end)) throw invalid(`${field}.end`, 'must be a real date written YYYY-MM-DD');
  if (range.end < range.start) throw invalid(`${field}.end`, 'must not be before the start');
}

export function checkPartialDate(value: string | undefined, field: string): void {
  if (value !== undefined && !isPartialDate(value)) throw invalid(field, 'must be a date written YYYY, YYYY-MM or YYYY-MM-DD');
}

export function checkText(value: string | undefined, field: string, required = true): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'must be non-empty text');
}
