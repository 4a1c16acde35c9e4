import {
  compareBusinessTime,
  currentSchemaVersion,
  describeBusinessTime,
  endOf,
  happenedBy,
  upcast,
  type BusinessTime,
} from '@plan-ledger/domain';

const marApr2017: BusinessTime = { from: '2017-03', to: '2017-04', precision: 'month', label: 'Mar/Apr 2017' };

describe('business time against asOf', () => {
  it.each([
    ['2017-02-28', 'not yet'],
    ['2017-03-01', 'uncertain'],
    ['2017-04-29', 'uncertain'],
    ['2017-04-30', 'happened'],
  ])('a Mar/Apr 2017 span as of %s: %s', (asOf, expected) => {
    expect(happenedBy(marApr2017, asOf)).toBe(expected);
  });

  it('knows month and year ends, leap years included', () => {
    expect(endOf({ from: '2016-02', precision: 'month' })).toBe('2016-02-29');
    expect(endOf({ from: '2017', precision: 'year' })).toBe('2017-12-31');
  });

  it('orders by first possible day, then the more precise first', () => {
    const times: BusinessTime[] = [
      { from: '2017-03-15', precision: 'day' },
      marApr2017,
      { from: '2017-03', precision: 'month' },
      { from: '2016-10-24', to: '2016-11-17', precision: 'day' },
    ];
    expect([...times].sort(compareBusinessTime).map((t) => t.from + (t.to ?? ''))).toEqual([
      '2016-10-242016-11-17',
      '2017-03',
      '2017-032017-04',
      '2017-03-15',
    ]);
  });

  it('keeps the words as written, and writes plain English otherwise', () => {
    expect(describeBusinessTime(marApr2017)).toBe('Mar/Apr 2017');
    expect(describeBusinessTime({ from: '2018-09-04', to: '2018-09-05', precision: 'day' })).toBe('4 September 2018 to 5 September 2018');
    expect(describeBusinessTime({ from: '2017-05', precision: 'month' })).toBe('May 2017');
  });
});

describe('upcasting', () => {
  it('brings ProgressGraded v1 (rag letter, by) up to v2 (grade, gradedBy)', () => {
    expect(upcast({ type: 'ProgressGraded', schemaVersion: 1, data: { target: 'plan', rag: 'A', by: 'commissioner' } })).toEqual({
      type: 'ProgressGraded',
      schemaVersion: 2,
      data: { target: 'plan', grade: 'amber', gradedBy: 'commissioner' },
    });
    expect(currentSchemaVersion('ProgressGraded')).toBe(2);
  });

  it('leaves current and unversioned types alone', () => {
    const current = { type: 'ProgressGraded', schemaVersion: 2, data: { target: 'plan', grade: 'green', gradedBy: 'board' } };
    expect(upcast(current)).toEqual(current);
    expect(currentSchemaVersion('PrioritySet')).toBe(1);
  });
});
