import { businessTimeProblems, type BusinessTime } from '../business-time/business-time';
import { endOf, startOf } from '../business-time/business-time-cut';
import { checkDateBounds, type DateBound } from './date-bounds';
import { isPlainObject } from './plain-object';
import { fieldPath, parseWith, report, type ParseContext, type Schema } from './schema';
import { shortText } from './text';

const label = shortText();

/**
 * `{ from, to?, precision, label? }` as businessTimeProblems defines it (real dates at the stated precision, `to` not
 * before `from`, no other field), starting no earlier than 2000-01-01 and ending no later than 2100; when it `happened`,
 * it must have started by the day it is recorded. The label is text like any other (trimmed, no control characters).
 */
export function businessTime(bound: DateBound = 'happened'): Schema<BusinessTime> {
  return (value, path, scope) => {
    // null stands for absent in optional fields, here too.
    const candidate = isPlainObject(value)
      ? Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined))
      : value;
    const problems = businessTimeProblems(candidate, path || 'occurredAt');
    const labelFlagged = problems.some((problem) => problem.field === fieldPath(path || 'occurredAt', 'label'));
    for (const problem of problems) report(scope, problem.field, problem.rule);
    if (problems.length > 0 && !isPlainObject(candidate)) return undefined;
    const fields = candidate as Record<string, unknown>;
    const before = scope.failures;
    const written =
      fields.label === undefined || labelFlagged ? undefined : label(fields.label, fieldPath(path || 'occurredAt', 'label'), scope);
    if (problems.length > 0 || scope.failures > before) return undefined;
    const time: BusinessTime = {
      from: fields.from as string,
      ...(fields.to !== undefined ? { to: fields.to as string } : {}),
      precision: fields.precision as BusinessTime['precision'],
      ...(written !== undefined ? { label: written } : {}),
    };
    return checkDateBounds(startOf(time), endOf(time), bound, path || 'occurredAt', scope) ? time : undefined;
  };
}

/**
 * An event's business time (the envelope's occurredAt), named `field` in problems. Unless `bound` says 'due', it must
 * have started by `context.recordedOn`. Throws CommandRejected listing every problem.
 */
export function parseBusinessTime(value: unknown, field: string, context: ParseContext, bound: DateBound = 'happened'): BusinessTime {
  return parseWith(businessTime(bound), value, field, context);
}
