import { authorityView, effectiveLedger } from '@plan-ledger/projections';
import { INSPECTION_2016, REGISTERED } from './support/fixtures';
import { correction, notAnObject, stream } from './support/recorded-events';

const AUTHORITY = 'authority-885';

describe('authorityView over a log holding legacy events it cannot read', () => {
  const events = stream(AUTHORITY, [
    { type: 'AuthorityRegistered', data: REGISTERED },
    { type: 'InspectionRecorded', data: INSPECTION_2016, id: 'good-inspection' },
    { type: 'InspectionRecorded', data: { ...INSPECTION_2016, inspectionId: 'legacy', inspectors: 'not a list' }, id: 'legacy-inspection' },
    { type: 'MonitoringVisitLogged', data: notAnObject('visit 1, March 2017'), id: 'legacy-visit' },
    { type: 'InterventionIssued', data: { interventionId: 'notice-1', kind: 'improvement notice' } },
  ]);

  it('folds every readable event, as if the unreadable ones were not there', () => {
    const { entries } = effectiveLedger(events);
    const view = authorityView(entries);
    expect(view?.inspections.map((i) => i.inspectionId)).toEqual(['sif-2016']);
    expect(view?.visits).toEqual([]);
    expect(view?.currentIntervention?.interventionId).toBe('notice-1');
    expect(view?.latestOverallJudgement).toBe('inadequate');
  });

  it('names each unreadable event with its stream, type and what is wrong', () => {
    const { unreadable } = effectiveLedger(events);
    expect(unreadable).toEqual([
      {
        eventId: 'legacy-inspection',
        streamId: AUTHORITY,
        type: 'InspectionRecorded',
        problems: [{ field: 'inspectors', rule: 'must be a list' }],
      },
      {
        eventId: 'legacy-visit',
        streamId: AUTHORITY,
        type: 'MonitoringVisitLogged',
        problems: [{ field: 'data', rule: expect.stringMatching(/^must be an object/) }],
      },
    ]);
  });

  it('reads data as corrected: a correction can make an event unreadable, and a later one readable again', () => {
    const broken = stream(AUTHORITY, [
      { type: 'AuthorityRegistered', data: REGISTERED },
      { type: 'InspectionRecorded', data: INSPECTION_2016, id: 'insp' },
      correction('insp', { overall: 'purple' }, 'legacy import'),
    ]);
    expect(authorityView(effectiveLedger(broken).entries)?.inspections).toEqual([]);
    expect(effectiveLedger(broken).unreadable).toEqual([
      expect.objectContaining({ eventId: 'insp', problems: [{ field: 'overall', rule: expect.stringMatching(/^must be one of/) }] }),
    ]);

    const mended = stream(AUTHORITY, [
      ...broken.map(({ type, data, eventId }) => ({ type, data, id: eventId })),
      correction('insp', { overall: 'good' }, 'the report says good'),
    ]);
    const view = authorityView(effectiveLedger(mended).entries);
    expect(view?.inspections).toEqual([expect.objectContaining({ inspectionId: 'sif-2016', overall: 'good', corrected: true })]);
    expect(effectiveLedger(mended).unreadable).toEqual([]);
  });

  it('is undefined, not an error, when the registration itself cannot be read', () => {
    const ledger = effectiveLedger(stream(AUTHORITY, [{ type: 'AuthorityRegistered', data: { laCode: 885 } }]));
    expect(authorityView(ledger.entries)).toBeUndefined();
    expect(ledger.unreadable.map((u) => u.type)).toEqual(['AuthorityRegistered']);
  });
});
