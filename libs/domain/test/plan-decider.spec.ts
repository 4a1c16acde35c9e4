import { planStream, type PlanCommand, type PlanEvent } from '@plan-ledger/domain';
import { given } from './given-when-then';

const created: PlanEvent = {
  type: 'PlanCreated',
  data: { planId: 'wcs-2017-06', laCode: '885', title: 'Priority plan', kind: 'priority plan' },
};
const frontDoor: PlanEvent = { type: 'PrioritySet', data: { priorityId: 'front-door', title: 'Family Front Door' } };
const action: PlanEvent = {
  type: 'ActionAdded',
  data: { actionId: 'a1', priorityId: 'front-door', title: 'Audit referrals', owner: 'Head of FFD', due: '2017-09-30' },
};
const closed: PlanEvent = { type: 'PlanClosed', data: { reason: 'superseded by the October plan' } };
const when = (history: PlanEvent[], command: PlanCommand) =>
  given(planStream, history, { authority: { laCode: '885', inspections: new Set(['sif-2016']), visits: new Set<string>() } }).when(command);

describe('plan decider', () => {
  it('creates a plan once, and refuses anything before', () => {
    when([], { type: 'CreatePlan', planId: 'wcs-2017-06', laCode: '885', title: 'Priority plan', kind: 'priority plan' }).then([created]);
    when([created], { type: 'CreatePlan', planId: 'wcs-2017-06', laCode: '885', title: 'Again', kind: 'priority plan' }).thenRefused(
      'ALREADY_STARTED',
      'planId',
    );
    when([], { type: 'SetPriority', priorityId: 'p', title: 't' }).thenRefused('NOT_STARTED', 'planId');
  });

  describe('priorities', () => {
    it('sets, amends and retires a priority', () => {
      when([created], { type: 'SetPriority', priorityId: 'front-door', title: 'Family Front Door' }).then([frontDoor]);
      when([created, frontDoor], { type: 'AmendPriority', priorityId: 'front-door', title: 'FFD', reason: 'shorter' }).then([
        { type: 'PriorityAmended', data: { priorityId: 'front-door', title: 'FFD', reason: 'shorter' } },
      ]);
      when([created, frontDoor], { type: 'RetirePriority', priorityId: 'front-door', reason: 'done' }).then([
        { type: 'PriorityRetired', data: { priorityId: 'front-door', reason: 'done' } },
      ]);
    });

    it('refuses a priority id used twice, and amending an unknown one', () => {
      when([created, frontDoor], { type: 'SetPriority', priorityId: 'front-door', title: 'Again' }).thenRefused(
        'INVALID_COMMAND',
        'priorityId',
      );
      when([created], { type: 'AmendPriority', priorityId: 'nope', title: 'x', reason: 'y' }).thenRefused(
        'UNKNOWN_REFERENCE',
        'priorityId',
      );
    });
  });

  describe('actions', () => {
    it('adds an action under an active priority', () => {
      when([created, frontDoor], {
        type: 'AddAction',
        actionId: 'a1',
        priorityId: 'front-door',
        title: 'Audit referrals',
        owner: 'Head of FFD',
        due: '2017-09-30',
      }).then([action]);
    });

    it('refuses an action on an unknown or retired priority', () => {
      const add: PlanCommand = { type: 'AddAction', actionId: 'a1', priorityId: 'front-door', title: 't', owner: 'o', due: '2017-09-30' };
      when([created], add).thenRefused('UNKNOWN_REFERENCE', 'priorityId');
      when([created, frontDoor, { type: 'PriorityRetired', data: { priorityId: 'front-door', reason: 'r' } }], add).thenRefused(
        'INVALID_COMMAND',
        'priorityId',
      );
    });

    it('refuses a due date that is not a date', () => {
      when([created, frontDoor], {
        type: 'AddAction',
        actionId: 'a1',
        priorityId: 'front-door',
        title: 't',
        owner: 'o',
        due: '2017-09-31',
      }).thenRefused('INVALID_COMMAND', 'due');
    });

    it('re-dates an open action with its reason, and refuses changes to a closed one', () => {
      when([created, frontDoor, action], { type: 'AmendAction', actionId: 'a1', due: '2017-12-31', reason: 'staff shortage' }).then([
        { type: 'ActionAmended', data: { actionId: 'a1', due: '2017-12-31', reason: 'staff shortage' } },
      ]);
      const done: PlanEvent = { type: 'ActionClosed', data: { actionId: 'a1', outcome: 'completed' } };
      when([created, frontDoor, action, done], { type: 'AmendAction', actionId: 'a1', due: '2018-01-31', reason: 'x' }).thenRefused(
        'INVALID_COMMAND',
        'actionId',
      );
      when([created, frontDoor, action], { type: 'CloseAction', actionId: 'a1', outcome: 'merged', mergedInto: 'a9' }).thenRefused(
        'UNKNOWN_REFERENCE',
        'mergedInto',
      );
    });
  });

  describe('grades and indicators', () => {
    it('grades a known target', () => {
      when([created, frontDoor], {
        type: 'GradeProgress',
        target: 'priority',
        targetId: 'front-door',
        grade: 'amber',
        gradedBy: 'board',
      }).then([{ type: 'ProgressGraded', data: { target: 'priority', targetId: 'front-door', grade: 'amber', gradedBy: 'board' } }]);
    });

    it.each([
      [{ target: 'priority', targetId: 'nope' }, 'UNKNOWN_REFERENCE', 'targetId'],
      [{ target: 'action', targetId: 'nope' }, 'UNKNOWN_REFERENCE', 'targetId'],
      [{ target: 'plan', targetId: 'front-door' }, 'INVALID_COMMAND', 'targetId'],
      [{ target: 'plan', grade: 'purple' }, 'INVALID_COMMAND', 'grade'],
      [{ target: 'plan', fromMeeting: 'bm-9' }, 'UNKNOWN_REFERENCE', 'fromMeeting'],
    ])('refuses the grade %p', (change, code, field) => {
      when([created, frontDoor], { type: 'GradeProgress', grade: 'red', gradedBy: 'commissioner', ...change } as PlanCommand).thenRefused(
        code as 'INVALID_COMMAND',
        field,
      );
    });

    it('measures only a defined indicator', () => {
      const defined: PlanEvent = {
        type: 'IndicatorDefined',
        data: { indicatorId: 'cp-plans', name: 'Children on child protection plans', unit: 'count' },
      };
      when([created, defined], { type: 'MeasureIndicator', indicatorId: 'cp-plans', value: 422, at: '2018-09-05' }).then([
        { type: 'IndicatorMeasured', data: { indicatorId: 'cp-plans', value: 422, at: '2018-09-05' } },
      ]);
      when([created], { type: 'MeasureIndicator', indicatorId: 'cp-plans', value: 422, at: '2018-09-05' }).thenRefused(
        'UNKNOWN_REFERENCE',
        'indicatorId',
      );
    });
  });

  describe('a closed plan', () => {
    it('takes nothing but corrections', () => {
      when([created, frontDoor, closed], { type: 'SetPriority', priorityId: 'culture', title: 'Culture' }).thenRefused(
        'PLAN_CLOSED',
        'planId',
      );
      when([created, frontDoor, closed], { type: 'ClosePlan', reason: 'again' }).thenRefused('PLAN_CLOSED', 'planId');
      when([created, frontDoor, closed], {
        type: 'CorrectEvent',
        eventId: 'e2',
        changes: { title: 'Family Front Door (FFD)' },
        reason: 'full name',
      }).then([
        { type: 'EventCorrected', data: { correctedEventId: 'e2', changes: { title: 'Family Front Door (FFD)' }, reason: 'full name' } },
      ]);
    });
  });
});
