import { authorityView, effectiveEntries, gradeHistory, latestMonitoringVisit } from '@plan-ledger/projections';
import { planCreated, REGISTERED } from './support/fixtures';
import { correction, stream, type Given } from './support/recorded-events';

/** What a board reads: how long since the last monitoring visit, and the trend of a priority's grades. */
const AUTHORITY = 'authority-885';
const PLAN = 'plan-p1';

const visit = (visitId: string, number: number, from: string, fieldwork?: { start: string; end: string }): Given => ({
  type: 'MonitoringVisitLogged',
  data: { visitId, number, follows: 'sif-2016', inspectors: [], areasCovered: [], ...(fieldwork ? { fieldwork } : {}) },
  occurredAt: { from, precision: from.length === 7 ? 'month' : 'day' },
});

describe('latestMonitoringVisit', () => {
  it('given visits recorded out of order, when asked, then the latest by business time is named with the days since its fieldwork ended', () => {
    const view = authorityView(
      effectiveEntries(
        stream(AUTHORITY, [
          { type: 'AuthorityRegistered', data: REGISTERED },
          visit('mv-2', 2, '2017-09-12', { start: '2017-09-12', end: '2017-09-13' }),
          visit('mv-1', 1, '2017-05'),
        ]),
      ),
    )!;
    expect(latestMonitoringVisit(view, '2017-10-13')).toMatchObject({ visit: { visitId: 'mv-2' }, daysSince: 30 });
  });

  it('given only the month of the visit, when asked, then the days count from the last day the month can mean', () => {
    const view = authorityView(
      effectiveEntries(stream(AUTHORITY, [{ type: 'AuthorityRegistered', data: REGISTERED }, visit('mv-1', 1, '2017-05')])),
    )!;
    expect(latestMonitoringVisit(view, '2017-06-10').daysSince).toBe(10);
    expect(latestMonitoringVisit(view, '2017-05-20').daysSince).toBe(0);
  });

  it('given no monitoring visit, when asked, then none and no days', () => {
    const view = authorityView(effectiveEntries(stream(AUTHORITY, [{ type: 'AuthorityRegistered', data: REGISTERED }])))!;
    expect(latestMonitoringVisit(view, '2017-06-10')).toEqual({ visit: null, daysSince: null });
  });
});

describe('gradeHistory', () => {
  const graded = (grade: string, month: string, id: string): Given => ({
    type: 'ProgressGraded',
    id,
    data: { target: 'priority', targetId: 'front-door', grade, gradedBy: 'board' },
    occurredAt: { from: month, precision: 'month' },
  });

  it('given grades recorded out of order, a correction and a retraction, when asked, then the effective trend by business time', () => {
    const entries = effectiveEntries(
      stream(PLAN, [
        { type: 'PlanCreated', data: planCreated('p1') },
        { type: 'PrioritySet', data: { priorityId: 'front-door', title: 'Front door' } },
        graded('amber', '2017-11', 'g-nov'),
        graded('red', '2017-09', 'g-sep'),
        graded('red', '2017-10', 'g-oct'),
        graded('green', '2017-12', 'g-dec'),
        { type: 'ProgressGraded', data: { target: 'plan', grade: 'red', gradedBy: 'board' } },
        correction('g-oct', { grade: 'amber' }, 'the minutes say amber'),
        { type: 'EventRetracted', data: { retractedEventId: 'g-dec', reason: 'entered on the wrong priority' } },
      ]),
    );
    const trend = gradeHistory(entries, 'priority', 'front-door');
    expect(trend.map((g) => [g.eventId, g.grade, g.corrections.map((c) => c.reason)])).toEqual([
      ['g-sep', 'red', []],
      ['g-oct', 'amber', ['the minutes say amber']],
      ['g-nov', 'amber', []],
    ]);
    expect(gradeHistory(entries, 'plan').map((g) => g.grade)).toEqual(['red']);
  });
});
