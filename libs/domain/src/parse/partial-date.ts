import { endOf, startOf } from '../business-time/business-time-cut';
import { isPartialDate } from '../shared/dates';
import { checkDateBounds, type DateBound } from './date-bounds';
import { report, type Schema } from './schema';

/** A date known to the year, month or day (2017, 2017-09, 2017-09-26), real, within its bound from its first day. */
export function partialDate(bound: DateBound): Schema<string> {
  return (value, path, scope) => {
    if (!isPartialDate(value)) return report(scope, path, 'must be a real date written YYYY, YYYY-MM or YYYY-MM-DD');
    const time = { from: value, precision: 'day' as const };
    return checkDateBounds(startOf(time), endOf(time), bound, path, scope) ? value : undefined;
  };
}
