import { invalid } from './domain-error';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A calendar date, YYYY-MM-DD, that really exists (the proleptic Gregorian calendar, as JavaScript's Date has it).
 * Counted rather than made into a Date: every read of the log checks every date of every event, and building and
 * printing a Date each time was a tenth of folding a long plan.
 */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
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
