import { effectiveLedger, timeline } from '@plan-ledger/projections';
import { INSPECTION_2016, REGISTERED, planCreated } from './support/fixtures';
import { correction, notAnObject, stream } from './support/recorded-events';

describe('timeline over a log holding legacy events it cannot read', () => {
  const authority = stream('authority-885', [
    { type: 'AuthorityRegistered', data: REGISTERED, occurredAt: { from: '2016-10', precision: 'month' } },
    { type: 'InspectionRecorded', data: INSPECTION_2016, occurredAt: { from: '2016-10-24', to: '2016-11-17', precision: 'day' } },
    { type: 'FindingsRecorded', data: notAnObject('12 recommendations'), id: 'legacy-findings' },
    {
      type: 'MonitoringVisitLogged',
      data: { visitId: 'mv1', number: 1, follows: 'sif-2016', inspectors: 'not a list', areasCovered: [] },
      id: 'legacy-visit',
    },
  ]);
  const plan = stream(
    'plan-wcs-2017',
    [
      { type: 'PlanCreated', data: planCreated('wcs-2017'), occurredAt: { from: '2017-06', precision: 'month' } },
      {
        type: 'PrioritySet',
        data: { priorityId: 'p1', title: 'Front door' },
        id: 'set',
        occurredAt: { from: '2017-06', precision: 'month' },
      },
      correction('set', { title: 42 }, 'legacy import'),
    ],
    { firstPosition: 10 },
  );
  const ledgers = [effectiveLedger(authority), effectiveLedger(plan)];

  it('shows the journey from every readable event', () => {
    expect(timeline(ledgers.flatMap((l) => l.entries)).map((line) => line.title)).toEqual(['Ofsted inspection (SIF)', 'Plan wcs-2017']);
  });

  it('names what it left out, with why', () => {
    expect(ledgers.flatMap((l) => l.unreadable)).toEqual([
      {
        eventId: 'legacy-findings',
        streamId: 'authority-885',
        type: 'FindingsRecorded',
        problems: [{ field: 'data', rule: expect.stringMatching(/^must be an object/) }],
      },
      {
        eventId: 'legacy-visit',
        streamId: 'authority-885',
        type: 'MonitoringVisitLogged',
        problems: [{ field: 'inspectors', rule: 'must be a list' }],
      },
      { eventId: 'set', streamId: 'plan-wcs-2017', type: 'PrioritySet', problems: [{ field: 'title', rule: 'must be text' }] },
    ]);
  });

  it('leaves out, rather than names, an unreadable event that had not happened by asOf', () => {
    const later = stream('authority-885', [
      { type: 'AuthorityRegistered', data: REGISTERED, occurredAt: { from: '2016-10', precision: 'month' } },
      { type: 'FindingsRecorded', data: notAnObject('later'), occurredAt: { from: '2018-01-10', precision: 'day' } },
    ]);
    expect(effectiveLedger(later, '2017-12-31').unreadable).toEqual([]);
    expect(effectiveLedger(later, '2018-01-10').unreadable).toHaveLength(1);
  });

  it('names an event whose business time a legacy correction broke, instead of failing on it', () => {
    const broken = stream('authority-885', [
      { type: 'AuthorityRegistered', data: REGISTERED },
      { type: 'InspectionRecorded', data: INSPECTION_2016, id: 'insp' },
      {
        type: 'EventCorrected',
        data: { correctedEventId: 'insp', changes: {}, occurredAt: { from: 'autumn', precision: 'season' }, reason: 'x' },
      },
    ]);
    for (const asOf of [undefined, '2017-01-01']) {
      const ledger = effectiveLedger(broken, asOf);
      expect(timeline(ledger.entries, { asOf })).toEqual([]);
      expect(ledger.unreadable).toEqual([
        expect.objectContaining({ eventId: 'insp', problems: [expect.objectContaining({ field: 'occurredAt.precision' })] }),
      ]);
    }
  });
});
