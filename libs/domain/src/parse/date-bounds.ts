import { EARLIEST_DATE, LATEST_DATE } from './bounds';
import { report, type Scope } from './schema';

/**
 * Which dates a field may hold besides being real: `happened` (it must have started by the day it is recorded) or
 * `due` (it may lie ahead, up to 2100). Both start no earlier than 2000-01-01.
 */
export type DateBound = 'happened' | 'due';

/** Checks a date's first and last possible days (equal for a full date) against its bound; reports under `path`. */
export function checkDateBounds(first: string, last: string, bound: DateBound, path: string, scope: Scope): boolean {
  let rule: string | undefined;
  if (first < EARLIEST_DATE) rule = `must not be before ${EARLIEST_DATE}`;
  else if (bound === 'happened' && first > scope.context.recordedOn) {
    rule = `must not be after the day it is recorded (${scope.context.recordedOn}): it must have happened`;
  } else if (last > LATEST_DATE) rule = `must not be after ${LATEST_DATE}`;
  if (rule === undefined) return true;
  report(scope, path, rule);
  return false;
}
