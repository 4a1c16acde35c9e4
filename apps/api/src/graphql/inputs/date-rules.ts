import { isIsoDate, isPartialDate } from '@plan-ledger/domain';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A real calendar date written YYYY-MM-DD (2017-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isCalendarDate', validator: { validate: isIsoDate, defaultMessage: () => 'must be a real date written YYYY-MM-DD' } },
    options,
  );
}

/** A date known to the year, month or day: YYYY, YYYY-MM or YYYY-MM-DD. */
export function IsPartialDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPartialDate',
      validator: { validate: isPartialDate, defaultMessage: () => 'must be a date written YYYY, YYYY-MM or YYYY-MM-DD' },
    },
    options,
  );
}
