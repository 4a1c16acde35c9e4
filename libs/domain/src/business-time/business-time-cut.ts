import type { BusinessTime } from './business-time';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function firstDay(date: string): string {
  if (date.length === 4) return `${date}-01-01`;
  if (date.length === 7) return `${date}-01`;
  return date;
}

function lastDay(date: string): string {
  if (date.length === 4) return `${date}-12-31`;
  if (date.length === 7) {
    const [year, month] = date.split('-').map(Number);
    return `${date}-${String(lastDayOfMonth(year, month)).padStart(2, '0')}`;
  }
  return date;
}

/** The first day the business time can mean: 2017-03 starts on 2017-03-01. */
export function startOf(time: BusinessTime): string {
  return firstDay(time.from);
}

/** The last day it can mean: "Mar/Apr 2017" ends on 2017-04-30. */
export function endOf(time: BusinessTime): string {
  return lastDay(time.to ?? time.from);
}

/**
 * How an event's business time stands against an `asOf` date (YYYY-MM-DD), the rule every "as it happened"
 * view uses: an event counts as happened once its span has started; it is `uncertain` while the span
 * (or the month or year it is known to) runs past asOf, since it may or may not have happened yet.
 */
export type HappenedBy = 'happened' | 'uncertain' | 'not yet';

export function happenedBy(time: BusinessTime, asOf: string): HappenedBy {
  if (startOf(time) > asOf) return 'not yet';
  return endOf(time) > asOf ? 'uncertain' : 'happened';
}

/** Business-time order: by first possible day, then the shorter (more precise) span first. */
export function compareBusinessTime(a: BusinessTime, b: BusinessTime): number {
  const start = startOf(a).localeCompare(startOf(b));
  return start !== 0 ? start : endOf(a).localeCompare(endOf(b));
}

function describeDate(date: string): string {
  const [year, month, day] = date.split('-');
  if (!month) return year;
  if (!day) return `${MONTHS[Number(month) - 1]} ${year}`;
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

/** The words as written when we have them, else a plain English rendering. */
export function describeBusinessTime(time: BusinessTime): string {
  if (time.label) return time.label;
  if (!time.to || time.to === time.from) return describeDate(time.from);
  return `${describeDate(time.from)} to ${describeDate(time.to)}`;
}

/** A partial date (YYYY, YYYY-MM, YYYY-MM-DD) as a business time of matching precision. */
export function businessTimeOfDate(date: string, label?: string): BusinessTime {
  const precision = date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day';
  return label ? { from: date, precision, label } : { from: date, precision };
}
