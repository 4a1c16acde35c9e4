import fc from 'fast-check';
import { isIsoDate } from '@plan-ledger/domain';

/** What isIsoDate must agree with: JavaScript's own calendar, which writes back exactly the date it was given. */
const realByDate = (value: string): boolean => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));

describe('isIsoDate: a calendar date written YYYY-MM-DD that really exists', () => {
  it('given any YYYY-MM-DD string, then it agrees with the Date calendar (leap years, month lengths, zeros)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(digits(4), digits(2), digits(2)),
          fc.tuple(
            fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')),
            fc.integer({ min: 0, max: 13 }).map((m) => String(m).padStart(2, '0')),
            fc.integer({ min: 0, max: 32 }).map((d) => String(d).padStart(2, '0')),
          ),
        ),
        ([year, month, day]) => {
          const value = `${year}-${month}-${day}`;
          expect(isIsoDate(value)).toBe(realByDate(value));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('given the edges of the calendar, then only real days pass', () => {
    expect(['2024-02-29', '2000-02-29', '1900-02-28', '2017-12-31', '0000-01-01'].filter(isIsoDate)).toHaveLength(5);
    expect(
      ['2023-02-29', '1900-02-29', '2017-04-31', '2017-13-01', '2017-00-10', '2017-01-00', '2017-1-01', ' 2017-01-01'].filter(isIsoDate),
    ).toEqual([]);
    expect(isIsoDate(20170101)).toBe(false);
  });
});
