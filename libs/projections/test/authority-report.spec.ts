import { authorityReport } from '@plan-ledger/projections';
import { INSPECTION_2016, REGISTERED, planCreated } from './support/fixtures';
import { notAnObject, stream } from './support/recorded-events';

describe('authorityReport', () => {
  const events = [
    ...stream('authority-885', [
      { type: 'AuthorityRegistered', data: REGISTERED },
      { type: 'InspectionRecorded', data: { ...INSPECTION_2016, inspectors: 'not a list' }, id: 'legacy-inspection' },
    ]),
    ...stream('plan-june', [{ type: 'PlanCreated', data: planCreated('june') }], {
      firstPosition: 10,
      firstRecordedAt: '2020-02-01T00:00:00.000Z',
    }),
    ...stream(
      'plan-october',
      [
        { type: 'PlanCreated', data: planCreated('october', { supersedes: 'june' }) },
        { type: 'ProgressGraded', data: { target: 'plan', grade: 'purple', gradedBy: 'board' }, id: 'purple' },
      ],
      { firstPosition: 20, firstRecordedAt: '2020-03-01T00:00:00.000Z' },
    ),
    ...stream('plan-stray', [{ type: 'PlanCreated', data: notAnObject('stray') }], { firstPosition: 30 }),
  ];

  it('reports the views with superseded plans marked, and every unreadable event of the authority and its plans', () => {
    const report = authorityReport(events, '885', { knownAt: '2021-01-01T00:00:00.000Z' });
    expect(report?.authority.inspections).toEqual([]);
    expect(report?.plans.map(({ planId, status, supersededBy }) => ({ planId, status, supersededBy }))).toEqual([
      { planId: 'june', status: 'superseded', supersededBy: 'october' },
      { planId: 'october', status: 'open', supersededBy: null },
    ]);
    expect(report?.unreadable.map((u) => [u.streamId, u.eventId])).toEqual([
      ['authority-885', 'legacy-inspection'],
      ['plan-october', 'purple'],
    ]);
  });

  it('does not yet mark a plan superseded at a cut before its successor was recorded', () => {
    const report = authorityReport(events, '885', { knownAt: '2020-02-15T00:00:00.000Z' });
    expect(report?.plans.map((p) => [p.planId, p.status])).toEqual([['june', 'open']]);
    expect(report?.unreadable.map((u) => u.eventId)).toEqual(['legacy-inspection']);
  });
});
