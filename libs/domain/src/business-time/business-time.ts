import type { ValidationProblem } from '../validation/validation-problem';

/** How finely a business date is known: Ofsted letters give days, board slides often only a month ("Mar/Apr 2017"). */
export type DatePrecision = 'day' | 'month' | 'year';

export const DATE_PRECISIONS: readonly DatePrecision[] = ['day', 'month', 'year'];

/**
 * When something happened in the world (as opposed to when we recorded it).
 * `from` and `to` are ISO dates written at the stated precision (2016-10-24, 2017-03, 2017);
 * a single date has `to` absent. `label` keeps the words as written ("Oct & Nov 2016").
 */
export interface BusinessTime {
  readonly from: string;
  readonly to?: string;
  readonly precision: DatePrecision;
  readonly label?: string;
}

const FORMAT: Record<DatePrecision, { pattern: RegExp; written: string }> = {
  day: { pattern: /^\d{4}-\d{2}-\d{2}$/, written: 'YYYY-MM-DD' },
  month: { pattern: /^\d{4}-\d{2}$/, written: 'YYYY-MM' },
  year: { pattern: /^\d{4}$/, written: 'YYYY' },
};

const MAX_LABEL_LENGTH = 200;

function isRealDate(value: string, precision: DatePrecision): boolean {
  const [year, month = 1, day = 1] = value.split('-').map(Number);
  if (month < 1 || month > 12) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return precision !== 'day' || date.getUTCDate() === day;
}

/** Every broken rule of a would-be BusinessTime; empty when it is valid. Fields are named under `path`. */
export function businessTimeProblems(value: unknown, path: string): ValidationProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ field: path, rule: 'must be an object with from, precision and optional to and label' }];
  }
  const candidate = value as Record<string, unknown>;
  const problems: ValidationProblem[] = [];
  const known = new Set(['from', 'to', 'precision', 'label']);
  for (const key of Object.keys(candidate)) {
    if (!known.has(key)) problems.push({ field: `${path}.${key}`, rule: 'is not a field of a business time' });
  }
  const precision = candidate.precision;
  if (!DATE_PRECISIONS.includes(precision as DatePrecision)) {
    problems.push({ field: `${path}.precision`, rule: `must be one of ${DATE_PRECISIONS.join(', ')}` });
    return problems;
  }
  const format = FORMAT[precision as DatePrecision];
  const checkDate = (key: 'from' | 'to', required: boolean): void => {
    const date = candidate[key];
    if (date === undefined && !required) return;
    if (typeof date !== 'string' || !format.pattern.test(date) || !isRealDate(date, precision as DatePrecision)) {
      problems.push({ field: `${path}.${key}`, rule: `must be a real date written ${format.written} (precision ${precision})` });
    }
  };
  checkDate('from', true);
  checkDate('to', false);
  if (problems.length === 0 && typeof candidate.to === 'string' && candidate.to < (candidate.from as string)) {
    problems.push({ field: `${path}.to`, rule: 'must not be before from' });
  }
  const label = candidate.label;
  if (label !== undefined && (typeof label !== 'string' || label.trim() === '' || label.length > MAX_LABEL_LENGTH)) {
    problems.push({ field: `${path}.label`, rule: `must be non-empty text of at most ${MAX_LABEL_LENGTH} characters` });
  }
  return problems;
}
