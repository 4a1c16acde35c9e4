import type { DateRange } from '../shared/dates';
import type { DateBound } from './date-bounds';
import { isoDate } from './iso-date';
import { object } from './object';
import { fieldPath, report, type Schema } from './schema';

/** `{ start, end }`, both real dates within their bound, the end not before the start (reported on `end`). */
export function dateRange(bound: DateBound): Schema<DateRange> {
  const day = isoDate(bound);
  return object<DateRange>('a date range', { start: day, end: day }, (range, _given, path, scope) => {
    if (range.start !== undefined && range.end !== undefined && range.end < range.start) {
      report(scope, fieldPath(path, 'end'), `must not be before the start (${range.start})`);
    }
  });
}
