import { authorityStream, planStream, type AuthorityEvent, type PlanEvent } from '@plan-ledger/domain';
import { given } from './given-when-then';

/** The rules a record must be able to rely on, one scenario per test, named by the ids in them. */
const council = { authority: { laCode: '885', inspections: new Set(['sif-2016']), visits: new Set(['mv-1']) } };
const planCreated: PlanEvent = {
  type: 'PlanCreated',
  data: { planId: 'wcs-2017', laCode: '885', title: 'Improvement plan', kind: 'improvement plan' },
};
const frontDoor: PlanEvent = { type: 'PrioritySet', data: { priorityId: 'front-door', title: 'Family Front Door' } };
const audit: PlanEvent = {
  type: 'ActionAdded',
  data: { actionId: 'audit', priorityId: 'front-door', title: 'Audit referrals', owner: 'Head of FFD', due: '2017-09-30' },
};
const graded: PlanEvent = {
  type: 'ProgressGraded',
  data: { target: 'priority', targetId: 'front-door', grade: 'amber', gradedBy: 'board' },
};
const referrals: PlanEvent = { type: 'IndicatorDefined', data: { indicatorId: 'timely', name: 'Conferences in time', unit: 'percent' } };
const plan = (...history: PlanEvent[]) => given(planStream, [planCreated, ...history], council);

const registered: AuthorityEvent = {
  type: 'AuthorityRegistered',
  data: { laCode: '885', name: 'Worcestershire', region: 'West Midlands', onsCode: 'E10000034' },
};
const inspection: AuthorityEvent = {
  type: 'InspectionRecorded',
  data: {
    inspectionId: 'sif-2016',
    framework: 'SIF',
    kind: 'standard',
    fieldwork: { start: '2016-10-24', end: '2016-11-17' },
    inspectors: [],
    judgements: [],
    overall: 'inadequate',
  },
};
const visit = (number: number, start: string): AuthorityEvent => ({
  type: 'MonitoringVisitLogged',
  data: { visitId: `mv-${number}`, number, follows: 'sif-2016', fieldwork: { start, end: start }, inspectors: [], areasCovered: [] },
});
const authority = (...history: AuthorityEvent[]) => given(authorityStream, [registered, inspection, ...history]);

describe('corrections are decided like any command', () => {
  // e1 PlanCreated, e2 front-door, e3 audit, e4 amber grade, e5 timely indicator
  const correct = (eventId: string, changes: Record<string, unknown>) => ({
    type: 'CorrectEvent',
    eventId,
    changes,
    reason: 'typing error',
  });

  it('refuses a grade purple for the amber grade e4', () => {
    plan(frontDoor, audit, graded)
      .when(correct('e4', { grade: 'purple' }))
      .thenRefused('INVALID_COMMAND', 'changes.grade');
  });

  it('refuses a due date of 2021-02-30 for action audit', () => {
    plan(frontDoor, audit)
      .when(correct('e3', { due: '2021-02-30' }))
      .thenRefused('INVALID_COMMAND', 'changes.due');
  });

  it('refuses a grade target that does not exist', () => {
    plan(frontDoor, audit, graded)
      .when(correct('e4', { targetId: 'no-such-priority' }))
      .thenRefused('UNKNOWN_REFERENCE', 'changes.targetId');
  });

  it('refuses 900 KB of evidence, where new input stops at 5,000 characters', () => {
    plan(frontDoor, audit, graded)
      .when(correct('e4', { evidence: 'x'.repeat(900_000) }))
      .thenRefused('INVALID_COMMAND', 'changes.evidence');
  });

  it('refuses an overall judgement "excellent" for inspection sif-2016', () => {
    authority()
      .when(correct('e2', { overall: 'excellent' }))
      .thenRefused('INVALID_COMMAND', 'changes.overall');
  });

  it('refuses inspectors "not a list" for inspection sif-2016', () => {
    authority()
      .when(correct('e2', { inspectors: 'not a list' }))
      .thenRefused('INVALID_COMMAND', 'changes.inspectors');
  });

  it('refuses a fieldwork end before its start for inspection sif-2016', () => {
    authority()
      .when(correct('e2', { fieldwork: { start: '2016-11-17', end: '2016-10-24' } }))
      .thenRefused('INVALID_COMMAND', 'changes.fieldwork.end');
  });

  it('accepts a correction that keeps the stream valid', () => {
    plan(frontDoor, audit, graded)
      .when(correct('e4', { grade: 'green' }))
      .then([{ type: 'EventCorrected', data: { correctedEventId: 'e4', changes: { grade: 'green' }, reason: 'typing error' } }]);
  });

  it('refuses a retraction of priority front-door while action audit still names it', () => {
    plan(frontDoor, audit).when({ type: 'RetractEvent', eventId: 'e2', reason: 'duplicate' }).thenRefused('UNKNOWN_REFERENCE', 'eventId');
  });

  it('refuses a correction that renames priority front-door from under action audit', () => {
    plan(frontDoor, audit)
      .when(correct('e2', { priorityId: 'front-door-2' }))
      .thenRefused('UNKNOWN_REFERENCE', 'eventId');
  });

  it('corrects a correction: e4 graded amber, corrected to green (e5), that correction corrected to red', () => {
    const toGreen: PlanEvent = { type: 'EventCorrected', data: { correctedEventId: 'e4', changes: { grade: 'green' }, reason: 'x' } };
    plan(frontDoor, audit, graded, toGreen)
      .when(correct('e5', { changes: { grade: 'red' } }))
      .then([{ type: 'EventCorrected', data: { correctedEventId: 'e5', changes: { changes: { grade: 'red' } }, reason: 'typing error' } }]);
  });

  it('refuses a correction of a correction that would make the grade purple', () => {
    const toGreen: PlanEvent = { type: 'EventCorrected', data: { correctedEventId: 'e4', changes: { grade: 'green' }, reason: 'x' } };
    plan(frontDoor, audit, graded, toGreen)
      .when(correct('e5', { changes: { grade: 'purple' } }))
      .thenRefused('INVALID_COMMAND', 'changes');
  });

  it('refuses to retarget a correction at another event', () => {
    const toGreen: PlanEvent = { type: 'EventCorrected', data: { correctedEventId: 'e4', changes: { grade: 'green' }, reason: 'x' } };
    plan(frontDoor, audit, graded, toGreen)
      .when(correct('e5', { correctedEventId: 'e3' }))
      .thenRefused('INVALID_COMMAND', 'changes.correctedEventId');
  });

  it('retracts a correction', () => {
    const toGreen: PlanEvent = { type: 'EventCorrected', data: { correctedEventId: 'e4', changes: { grade: 'green' }, reason: 'x' } };
    plan(frontDoor, audit, graded, toGreen)
      .when({ type: 'RetractEvent', eventId: 'e5', reason: 'the amber was right' })
      .then([{ type: 'EventRetracted', data: { retractedEventId: 'e5', reason: 'the amber was right' } }]);
  });

  it('refuses a measurement corrected to -500 percent', () => {
    const measured: PlanEvent = { type: 'IndicatorMeasured', data: { indicatorId: 'timely', value: 65.5, at: '2018-09-05' } };
    plan(referrals, measured)
      .when(correct('e3', { value: -500 }))
      .thenRefused('INVALID_COMMAND', 'changes.value');
  });
});

describe('the decider decides on the effective history', () => {
  const retractedFrontDoor: PlanEvent = { type: 'EventRetracted', data: { retractedEventId: 'e2', reason: 'entered in error' } };

  it('refuses an action under priority front-door once front-door is retracted', () => {
    plan(frontDoor, retractedFrontDoor)
      .when({ type: 'AddAction', actionId: 'a1', priorityId: 'front-door', title: 'Audit', owner: 'Head', due: '2027-01-31' })
      .thenRefused('UNKNOWN_REFERENCE', 'priorityId');
  });

  it('sets priority front-door again once the first one is retracted', () => {
    plan(frontDoor, retractedFrontDoor)
      .when({ type: 'SetPriority', priorityId: 'front-door', title: 'Family Front Door' })
      .then([frontDoor]);
  });

  it('knows the new id after a correction renames priority front-door to ffd', () => {
    const renamed: PlanEvent = { type: 'EventCorrected', data: { correctedEventId: 'e2', changes: { priorityId: 'ffd' }, reason: 'x' } };
    plan(frontDoor, renamed)
      .when({ type: 'AddAction', actionId: 'a1', priorityId: 'ffd', title: 'Audit', owner: 'Head', due: '2027-01-31' })
      .then([{ type: 'ActionAdded', data: { actionId: 'a1', priorityId: 'ffd', title: 'Audit', owner: 'Head', due: '2027-01-31' } }]);
  });

  it('refuses a measurement of -500 percent', () => {
    plan(referrals)
      .when({ type: 'MeasureIndicator', indicatorId: 'timely', value: -500, at: '2018-09-05' })
      .thenRefused('INVALID_COMMAND', 'value');
  });
});

describe('references name recorded things', () => {
  it('refuses a plan for a council never registered', () => {
    given(planStream, [], { authority: undefined })
      .when({ type: 'CreatePlan', planId: 'p', laCode: '999', title: 'Plan', kind: 'improvement plan' })
      .thenRefused('UNKNOWN_REFERENCE', 'laCode');
  });

  it('refuses a plan that responds to an inspection not on record', () => {
    given(planStream, [], council)
      .when({ type: 'CreatePlan', planId: 'p', laCode: '885', title: 'Plan', kind: 'improvement plan', respondsTo: 'nothing' })
      .thenRefused('UNKNOWN_REFERENCE', 'respondsTo');
  });

  it('refuses a plan that supersedes a plan not on record', () => {
    given(planStream, [], council)
      .when({ type: 'CreatePlan', planId: 'p', laCode: '885', title: 'Plan', kind: 'improvement plan', supersedes: 'nothing' })
      .thenRefused('UNKNOWN_REFERENCE', 'supersedes');
  });

  it("refuses a plan that supersedes another council's plan", () => {
    given(planStream, [], { ...council, plans: new Map([['wirral-2017', { laCode: '344' }]]) })
      .when({ type: 'CreatePlan', planId: 'p', laCode: '885', title: 'Plan', kind: 'improvement plan', supersedes: 'wirral-2017' })
      .thenRefused('INVALID_COMMAND', 'supersedes');
  });

  it('refuses a grade from a visit not on record', () => {
    plan(frontDoor)
      .when({ type: 'GradeProgress', target: 'priority', targetId: 'front-door', grade: 'red', gradedBy: 'inspectors', fromVisit: 'mv-9' })
      .thenRefused('UNKNOWN_REFERENCE', 'fromVisit');
  });

  it('refuses council 999 "Atlantis" in region "Narnia"', () => {
    given(authorityStream, [])
      .when({ type: 'RegisterAuthority', laCode: '999', name: 'Atlantis', region: 'Narnia' })
      .thenRefused('INVALID_COMMAND', 'laCode');
  });

  it('refuses 370 registered as "Wigan" (the register says Barnsley)', () => {
    given(authorityStream, [])
      .when({ type: 'RegisterAuthority', laCode: '370', name: 'Wigan', region: 'Yorkshire and The Humber' })
      .thenRefused('INVALID_COMMAND', 'name');
  });
});

describe('monitoring visits can be backfilled', () => {
  it('records visit 3 after visit 7 when its dates fall between', () => {
    authority(visit(2, '2017-06-01'), visit(7, '2018-09-04'))
      .when({ ...visit(3, '2017-09-12').data, type: 'LogMonitoringVisit' })
      .then([visit(3, '2017-09-12')]);
  });

  it('refuses visit 3 dated after visit 7', () => {
    authority(visit(7, '2018-09-04'))
      .when({ ...visit(3, '2018-10-01').data, type: 'LogMonitoringVisit' })
      .thenRefused('INVALID_COMMAND', 'number');
  });

  it('refuses a second visit 7 after the same judgement', () => {
    authority(visit(7, '2018-09-04'))
      .when({ ...visit(7, '2018-09-20').data, visitId: 'mv-7b', type: 'LogMonitoringVisit' })
      .thenRefused('INVALID_COMMAND', 'number');
  });

  it('records visit 8 once a wrongly entered visit 9 is retracted', () => {
    const retracted: AuthorityEvent = { type: 'EventRetracted', data: { retractedEventId: 'e3', reason: 'entered twice' } };
    authority(visit(9, '2018-12-01'), retracted)
      .when({ ...visit(8, '2019-01-15').data, type: 'LogMonitoringVisit' })
      .then([visit(8, '2019-01-15')]);
  });
});
