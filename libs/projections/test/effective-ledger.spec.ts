import { changesRecorded, effectiveEntries, effectiveLedger, isEntryOf, knowledgeDiff, type LedgerEntry } from '@plan-ledger/projections';
import { REGISTERED, planCreated } from './support/fixtures';
import { correction, notAnObject, stream } from './support/recorded-events';

const events = stream('plan-wcs', [
  { type: 'PlanCreated', data: planCreated('wcs') },
  { type: 'PrioritySet', data: { priorityId: 'p1', title: 'Front dor' }, id: 'set' },
  correction('set', { title: 'Front door', description: 'new' }, 'typo'),
  { type: 'PlanClosed', data: notAnObject('closed') },
]);

describe('effectiveLedger', () => {
  it('gives typed entries: testing the type narrows the data', () => {
    const titles = effectiveLedger(events).entries.map((entry: LedgerEntry) =>
      entry.type === 'PrioritySet' ? entry.data.title : entry.type,
    );
    expect(titles).toEqual(['PlanCreated', 'Front door']);
    expect(effectiveLedger(events).entries.find(isEntryOf('PlanCreated'))?.data.planId).toBe('wcs');
  });

  it('keeps on each entry what every correction changed, from what, by whom and when', () => {
    const set = effectiveLedger(events).entries.find(isEntryOf('PrioritySet'));
    expect(set?.corrections).toEqual([
      {
        eventId: 'plan-wcs#2',
        recordedAt: events[2].recordedAt,
        actor: { id: 'editor', role: 'test' },
        reason: 'typo',
        from: { title: 'Front dor', description: null },
        changes: { title: 'Front door', description: 'new' },
      },
    ]);
  });

  it('effectiveEntries is its entries, for callers that do not report the unreadable', () => {
    expect(effectiveEntries(events, '2017-12-31')).toEqual(effectiveLedger(events, '2017-12-31').entries);
    expect(effectiveLedger(events).unreadable.map((u) => u.type)).toEqual(['PlanClosed']);
  });

  it('never throws on data of any JSON shape, whatever the type and schema version', () => {
    for (const data of [null, [], 42, 'text', {}, { rag: null }]) {
      for (const type of ['ProgressGraded', 'AuthorityRegistered', 'EventCorrected', 'EventRetracted', 'Unknown']) {
        for (const schemaVersion of [1, 2]) {
          const odd = stream('plan-odd', [
            { type: 'PlanCreated', data: planCreated('odd'), id: 'created' },
            { type, data: JSON.parse(JSON.stringify(data)), schemaVersion },
          ]);
          expect(() => effectiveLedger(odd, '2020-01-01')).not.toThrow();
        }
      }
    }
  });
});

describe('knowledgeDiff and changesRecorded over legacy data', () => {
  const log = [
    ...stream('authority-885', [{ type: 'AuthorityRegistered', data: REGISTERED }]),
    ...stream('plan-wcs', [
      { type: 'PlanCreated', data: planCreated('wcs') },
      { type: 'PlanClosed', data: notAnObject('closed') },
      correction('plan-wcs#0', { title: 'Renamed' }, 'typo'),
      { type: 'EventCorrected', data: notAnObject('garbled') },
    ]),
  ];

  it('names what corrections name, and nothing where a legacy correction does not say', () => {
    const learnt = changesRecorded(log, '2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z', '885');
    expect(learnt.map((l) => [l.kind, l.names, l.reason])).toEqual([
      ['recorded late', null, null],
      ['recorded late', null, null],
      ['recorded late', null, null],
      ['correction', 'plan-wcs#0', 'typo'],
      ['correction', null, null],
    ]);
    expect(knowledgeDiff(log, '885', '2017-12-31', '2019-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z')).toHaveLength(5);
  });
});
