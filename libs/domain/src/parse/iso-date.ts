import { isIsoDate } from '../shared/dates';
import { checkDateBounds, type DateBound } from './date-bounds';
import { report, type Schema } from './schema';

/** A real calendar date written YYYY-MM-DD (2021-02-30 is refused), within its bound. */
export function isoDate(bound: DateBound): Schema<string> {
  return (value, path, scope) => {
    if (!isIsoDate(value)) return report(scope, path, 'must be a real date written YYYY-MM-DD');
    return checkDateBounds(value, value, bound, path, scope) ? value : undefined;
  };
}
