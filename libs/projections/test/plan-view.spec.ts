import { effectiveLedger, planView } from '@plan-ledger/projections';
import { planCreated } from './support/fixtures';
import { correction, notAnObject, stream, type Given } from './support/recorded-events';

const PLAN = 'plan-wcs-2017';
const TODAY = '2017-12-01';

const created: Given = { type: 'PlanCreated', data: planCreated('wcs-2017') };
const priority: Given = { type: 'PrioritySet', data: { priorityId: 'front-door', title: 'Family Front Dor' }, id: 'set' };
const action: Given = {
  type: 'ActionAdded',
  data: { actionId: 'a1', priorityId: 'front-door', title: 'Audit referrals', owner: 'Head of FFD', due: '2017-09-30' },
  id: 'added',
};
const amber: Given = {
  type: 'ProgressGraded',
  data: { target: 'priority', targetId: 'front-door', grade: 'amber', gradedBy: 'board' },
  id: 'amber',
};

describe('planView over a log holding legacy events it cannot read', () => {
  const events = stream(PLAN, [
    created,
    priority,
    action,
    amber,
    { type: 'ProgressGraded', data: { target: 'priority', targetId: 'front-door', grade: 'purple', gradedBy: 'board' }, id: 'purple' },
    { type: 'ActionClosed', data: notAnObject('a1 done'), id: 'closed' },
    { type: 'BoardMeetingHeld', data: { meetingId: 'm1', decisions: [] } },
  ]);

  it('folds every readable event, as if the unreadable ones were not there', () => {
    const view = planView(effectiveLedger(events).entries, TODAY);
    expect(view?.priorities).toEqual([
      expect.objectContaining({ priorityId: 'front-door', latestGrade: expect.objectContaining({ grade: 'amber' }) }),
    ]);
    expect(view?.actions).toEqual([expect.objectContaining({ actionId: 'a1', status: 'open', overdue: true })]);
    expect(view?.boardMeetings.map((m) => m.meetingId)).toEqual(['m1']);
  });

  it('names each unreadable event with its stream, type and what is wrong', () => {
    expect(effectiveLedger(events).unreadable).toEqual([
      {
        eventId: 'purple',
        streamId: PLAN,
        type: 'ProgressGraded',
        problems: [{ field: 'grade', rule: 'must be one of red, amber, green, blue' }],
      },
      {
        eventId: 'closed',
        streamId: PLAN,
        type: 'ActionClosed',
        problems: [{ field: 'data', rule: expect.stringMatching(/^must be an object/) }],
      },
    ]);
  });

  it('does not hold old data to "must have happened by the day it was recorded": that is a rule for writing', () => {
    const ledger = effectiveLedger(
      stream(PLAN, [
        created,
        { type: 'IndicatorDefined', data: { indicatorId: 'cp', name: 'Children on CP plans', unit: 'count' } },
        // Recorded on 2020-01-01 (see stream), for a date after it: refused if written today, readable as stored.
        { type: 'IndicatorMeasured', data: { indicatorId: 'cp', value: 253, at: '2021-03-31' } },
      ]),
    );
    expect(ledger.unreadable).toEqual([]);
    expect(planView(ledger.entries, TODAY)?.indicators[0].measurements.map((m) => m.value)).toEqual([253]);
  });

  it('reads legacy shapes the domain upcasts (ProgressGraded v1), and sets aside those no upcaster mends', () => {
    const ledger = effectiveLedger(
      stream(PLAN, [
        created,
        priority,
        { type: 'ProgressGraded', data: { target: 'priority', targetId: 'front-door', rag: 'G' }, schemaVersion: 1 },
        { type: 'ProgressGraded', data: { target: 'priority', targetId: 'front-door', rag: 'X' }, schemaVersion: 1, id: 'rag-x' },
      ]),
    );
    expect(planView(ledger.entries, TODAY)?.priorities[0].latestGrade).toMatchObject({ grade: 'green', gradedBy: 'board' });
    expect(ledger.unreadable.map((u) => u.eventId)).toEqual(['rag-x']);
  });

  it('sets aside event types the domain does not know, instead of guessing at them', () => {
    const ledger = effectiveLedger(stream(PLAN, [created, { type: 'RiskLogged', data: { risk: 'staffing' }, id: 'risk' }]));
    expect(planView(ledger.entries, TODAY)?.planId).toBe('wcs-2017');
    expect(ledger.unreadable).toEqual([
      expect.objectContaining({ eventId: 'risk', type: 'RiskLogged', problems: [expect.objectContaining({ field: 'type' })] }),
    ]);
  });

  it('is open and superseded by nothing on its own: only withSupersession, seeing the other plans, can say otherwise', () => {
    const view = planView(effectiveLedger(stream(PLAN, [created])).entries, TODAY);
    expect(view).toMatchObject({ status: 'open', supersededBy: null });
  });
});

describe('planView: corrections of priorities, actions and grades, from what to what', () => {
  const events = stream(PLAN, [
    created,
    priority,
    action,
    amber,
    correction('set', { title: 'Family Front Door' }, 'typing error', 'editor-1'),
    correction('set', { title: 'Family Front Door (FFD)', description: 'The single front door' }, 'as the plan words it', 'editor-2'),
    correction('added', { due: '2017-10-31', successMeasure: null }, 'the plan said October'),
    correction('amber', { grade: 'green' }, 'the board minutes say green'),
  ]);
  const view = planView(effectiveLedger(events).entries, TODAY);
  const recordedAt = (n: number) => events[n].recordedAt;

  it('lists each correction of the priority as set, oldest first, with the values it replaced (null where absent)', () => {
    expect(view?.priorities[0]).toMatchObject({ title: 'Family Front Door (FFD)', description: 'The single front door' });
    expect(view?.priorities[0].corrections).toEqual([
      {
        from: { title: 'Family Front Dor' },
        to: { title: 'Family Front Door' },
        by: 'editor-1',
        at: recordedAt(4),
        reason: 'typing error',
      },
      {
        from: { title: 'Family Front Door', description: null },
        to: { title: 'Family Front Door (FFD)', description: 'The single front door' },
        by: 'editor-2',
        at: recordedAt(5),
        reason: 'as the plan words it',
      },
    ]);
  });

  it('lists the corrections of the action as added, a removed field shown as null on the new side', () => {
    expect(view?.actions[0]).toMatchObject({ due: '2017-10-31', overdue: true, amendments: [] });
    expect(view?.actions[0].corrections).toEqual([
      {
        from: { due: '2017-09-30', successMeasure: null },
        to: { due: '2017-10-31', successMeasure: null },
        by: 'editor',
        at: recordedAt(6),
        reason: 'the plan said October',
      },
    ]);
  });

  it('lists the corrections of a grade on the grade, wherever it shows', () => {
    expect(view?.priorities[0].latestGrade).toMatchObject({
      grade: 'green',
      corrections: [
        { from: { grade: 'amber' }, to: { grade: 'green' }, by: 'editor', at: recordedAt(7), reason: 'the board minutes say green' },
      ],
    });
  });

  it('lists none where nothing was corrected', () => {
    const plain = planView(effectiveLedger(stream(PLAN, [created, priority, action, amber])).entries, TODAY);
    expect(plain?.priorities[0].corrections).toEqual([]);
    expect(plain?.actions[0].corrections).toEqual([]);
    expect(plain?.priorities[0].latestGrade?.corrections).toEqual([]);
  });

  it('shows what a retracted correction no longer changes: nothing', () => {
    const retracted = planView(
      effectiveLedger(
        stream(PLAN, [
          created,
          priority,
          correction('set', { title: 'Wrong' }, 'mistake', 'editor'),
          { type: 'EventRetracted', data: { retractedEventId: `${PLAN}#2`, reason: 'the correction was itself wrong' } },
        ]),
      ).entries,
      TODAY,
    );
    expect(retracted?.priorities[0]).toMatchObject({ title: 'Family Front Dor', corrections: [] });
  });
});
