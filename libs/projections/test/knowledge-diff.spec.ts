import type { RecordedEvent } from '@plan-ledger/event-store';
import { LATE_AFTER_DAYS, changesRecorded, knowledgeDiff } from '@plan-ledger/projections';
import { INSPECTION_2016, REGISTERED, planCreated } from './support/fixtures';
import { correction, stream, type Given } from './support/recorded-events';

const MARCH_2017 = { from: '2017-03', precision: 'month' } as const;

/** The plan is created long before the window the tests ask about; its grade is corrected inside it. */
function journey(): { authority: RecordedEvent[]; plan: RecordedEvent[] } {
  const authority = stream('authority-885', [
    { type: 'AuthorityRegistered', data: REGISTERED },
    {
      type: 'InspectionRecorded',
      data: INSPECTION_2016,
      id: 'sif',
      occurredAt: { from: '2016-10-24', to: '2016-11-17', precision: 'day' },
    },
    {
      type: 'EventCorrected',
      data: {
        correctedEventId: 'sif',
        changes: {
          overall: 'requires improvement to be good',
          judgements: [{ area: 'children in care', judgement: 'requires improvement to be good' }],
        },
        reason: 'misread the report',
      },
      actor: 'auditor-1',
    },
  ]);
  const given: Given[] = [
    { type: 'PlanCreated', data: planCreated('wcs'), occurredAt: MARCH_2017 },
    { type: 'PrioritySet', data: { priorityId: 'p2', title: 'The front door' }, occurredAt: MARCH_2017 },
    {
      type: 'ProgressGraded',
      data: { target: 'priority', targetId: 'p2', grade: 'red', gradedBy: 'board' },
      id: 'grade',
      occurredAt: MARCH_2017,
    },
    correction('grade', { grade: 'amber' }, 'the minutes say amber'),
    { type: 'BoardMeetingHeld', data: { meetingId: 'm1', decisions: [] }, id: 'meeting', occurredAt: MARCH_2017 },
    { type: 'EventRetracted', data: { retractedEventId: 'meeting', reason: 'a duplicate' } },
  ];
  return { authority, plan: stream('plan-wcs', given, { firstPosition: 10, firstRecordedAt: '2020-02-01T10:00:00.000Z' }) };
}

describe("knowledgeDiff in the domain's words", () => {
  const { authority, plan } = journey();
  const all = [...authority, ...plan];

  it('tells a grade correction as what changed, from what, by whom, when and why', () => {
    const learnt = knowledgeDiff(all, '885', '2017-06-01', plan[2].recordedAt, plan[3].recordedAt);
    expect(learnt.map((e) => [e.kind, e.words])).toEqual([
      [
        'correction',
        `priority p2 'The front door': grade red → amber (corrected by editor, at ${plan[3].recordedAt}, because the minutes say amber)`,
      ],
    ]);
    // The machine fields stay.
    expect(learnt[0]).toMatchObject({ eventId: 'plan-wcs#3', names: 'grade', reason: 'the minutes say amber', daysLate: null });
  });

  it('tells a judgement correction area by area', () => {
    const [learnt] = knowledgeDiff(all, '885', '2017-06-01', authority[1].recordedAt, authority[2].recordedAt);
    expect(learnt.words).toBe(
      'inspection sif-2016 (SIF): overall judgement inadequate → requires improvement to be good; ' +
        'judgement for children in care inadequate → requires improvement to be good ' +
        `(corrected by auditor-1, at ${authority[2].recordedAt}, because misread the report)`,
    );
  });

  it('tells a retraction by what the retracted event had said', () => {
    const learnt = knowledgeDiff(all, '885', '2017-06-01', plan[4].recordedAt, plan[5].recordedAt);
    expect(learnt.map((e) => e.words)).toEqual([
      `board meeting m1 held: retracted (retracted by clerk, at ${plan[5].recordedAt}, because a duplicate)`,
    ]);
  });

  it('names the actor by name when the identity provider gave one', () => {
    const named = plan.map((e) =>
      e.eventId === 'plan-wcs#3'
        ? { ...e, metadata: { ...e.metadata, actor: { id: 'oidc:jo', role: 'editor', displayName: 'Jo Bloggs' } } }
        : e,
    );
    const [learnt] = knowledgeDiff([...authority, ...named], '885', '2017-06-01', plan[2].recordedAt, plan[3].recordedAt);
    expect(learnt.words).toContain('(corrected by Jo Bloggs (oidc:jo), at ');
  });
});

describe('recorded late: only what was recorded more than the stated days after it happened', () => {
  const events = stream(
    'authority-885',
    [
      { type: 'AuthorityRegistered', data: REGISTERED, occurredAt: { from: '2019-12-31', precision: 'day' } },
      {
        type: 'AppointmentMade',
        data: { appointmentId: 'a1', role: 'commissioner', name: 'A Commissioner' },
        occurredAt: { from: '2019-12-20', precision: 'day' },
      },
      {
        type: 'AppointmentMade',
        data: { appointmentId: 'a2', role: 'improvement partner', name: 'Essex County Council' },
        occurredAt: { from: '2019-11', precision: 'month' },
      },
    ],
    { firstRecordedAt: '2020-01-01T10:00:00.000Z' },
  );

  it(`defaults to ${LATE_AFTER_DAYS} days, counted from the last day the business time can mean`, () => {
    expect(LATE_AFTER_DAYS).toBe(14);
    const learnt = changesRecorded(events, '2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z');
    expect(learnt.map((e) => [e.kind, e.daysLate])).toEqual([
      ['entry', 1],
      ['entry', 12],
      ['recorded late', 32],
    ]);
    expect(learnt[2].words).toBe(
      'appointment a2: improvement partner Essex County Council appointed, November 2019 (recorded late by clerk, at 2020-01-01T10:02:00.000Z, 32 days after)',
    );
    expect(learnt[1].words).toContain('(recorded by clerk, at 2020-01-01T10:01:00.000Z, 12 days after)');
  });

  it('takes another threshold when asked', () => {
    const learnt = changesRecorded(events, '2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z', undefined, { lateAfterDays: 7 });
    expect(learnt.map((e) => e.kind)).toEqual(['entry', 'recorded late', 'recorded late']);
  });
});

describe('changesRecorded for one council', () => {
  const { authority, plan } = journey();
  const window = { from: plan[3].recordedAt, to: plan[3].recordedAt };

  it("includes its plans' events even when the plan was created before the window", () => {
    const learnt = changesRecorded([...authority, ...plan], window.from, window.to, '885');
    expect(learnt.map((e) => [e.streamId, e.type])).toEqual([['plan-wcs', 'EventCorrected']]);
    expect(learnt[0].words).toMatch(/^priority p2 'The front door': grade red → amber/);
  });

  it('includes a plan moved to the council by a correction, and leaves out other councils', () => {
    const other = stream('plan-elsewhere', [
      { type: 'PlanCreated', data: planCreated('elsewhere', { laCode: '344' }), id: 'created' },
      correction('created', { laCode: '885' }, 'entered against the wrong council'),
      { type: 'PrioritySet', data: { priorityId: 'p1', title: 'Audit' } },
    ]);
    const foreign = stream('plan-foreign', [{ type: 'PlanCreated', data: planCreated('foreign', { laCode: '344' }) }]);
    const learnt = changesRecorded([...other, ...foreign], '2000-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z', '885');
    expect(new Set(learnt.map((e) => e.streamId))).toEqual(new Set(['plan-elsewhere']));
  });
});
