import { CommandRejected, parsePlanCommand, type ParseContext } from '../src/parse';

const RECORDED_ON = '2026-11-24';

/** given (the day of recording) / when (raw input is parsed as a plan command) / then (accepted, or refused). */
function given(context: ParseContext = { recordedOn: RECORDED_ON }) {
  return {
    whenParsed(input: unknown) {
      const attempt = () => parsePlanCommand(input, context);
      return {
        thenAccepted(expected: unknown = input): void {
          expect(attempt()).toEqual(expected);
        },
        thenRefused(field: string, rule?: RegExp): void {
          let error: unknown;
          try {
            attempt();
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(CommandRejected);
          const problem = (error as CommandRejected).problems.find((p) => p.field === field);
          expect(problem).toBeDefined();
          if (rule) expect(problem!.rule).toMatch(rule);
        },
      };
    },
  };
}

const grade = { type: 'GradeProgress', target: 'priority', targetId: 'front-door', grade: 'amber', gradedBy: 'board' };
const action = {
  type: 'AddAction',
  actionId: 'a1',
  priorityId: 'front-door',
  title: 'Audit referrals',
  owner: 'Head of the Family Front Door',
  due: '2017-09-30',
};
const measure = { type: 'MeasureIndicator', indicatorId: 'icpc-in-timescale', value: 65.5, at: '2018-09-05' };

describe('parsing plan commands', () => {
  describe('grades', () => {
    it('accepts an amber grade of a priority by the board', () => {
      given().whenParsed(grade).thenAccepted();
    });

    it('refuses a grade of purple', () => {
      given()
        .whenParsed({ ...grade, grade: 'purple' })
        .thenRefused('grade', /must be one of red, amber, green, blue/);
    });

    it('refuses a grader off the list', () => {
      given()
        .whenParsed({ ...grade, gradedBy: 'mayor' })
        .thenRefused('gradedBy', /board, commissioner, council, inspectors/);
    });

    it('refuses a target off the list', () => {
      given()
        .whenParsed({ ...grade, target: 'team' })
        .thenRefused('target', /plan, priority, action/);
    });

    it('refuses 900 KB of evidence', () => {
      given()
        .whenParsed({ ...grade, evidence: 'e'.repeat(900 * 1024) })
        .thenRefused('evidence', /at most 5,000 characters/);
    });

    it('refuses a grade of a priority that does not say which', () => {
      const { targetId: _, ...withoutTarget } = grade;
      given()
        .whenParsed(withoutTarget)
        .thenRefused('targetId', /is required when grading a priority/);
    });

    it('refuses a grade of the plan that names a target', () => {
      given()
        .whenParsed({ ...grade, target: 'plan' })
        .thenRefused('targetId', /must be absent when grading the plan/);
    });
  });

  describe('actions and due dates', () => {
    it('accepts an action due in the future', () => {
      given()
        .whenParsed({ ...action, due: '2099-03-31' })
        .thenAccepted();
    });

    it('refuses a due date of 2021-02-30', () => {
      given()
        .whenParsed({ ...action, due: '2021-02-30' })
        .thenRefused('due', /real date written YYYY-MM-DD/);
    });

    it('refuses a due date after 2100', () => {
      given()
        .whenParsed({ ...action, due: '2101-01-01' })
        .thenRefused('due', /must not be after 2100-12-31/);
    });

    it('refuses a due date known only to the month', () => {
      given()
        .whenParsed({ ...action, due: '2017-09' })
        .thenRefused('due', /YYYY-MM-DD/);
    });

    it('refuses a title with a newline', () => {
      given()
        .whenParsed({ ...action, title: 'Audit\nreferrals' })
        .thenRefused('title', /control characters, tab and newline included \(found U\+000A\)/);
    });

    it('refuses an amendment that changes nothing', () => {
      given()
        .whenParsed({ type: 'AmendAction', actionId: 'a1', reason: 'tidying' })
        .thenRefused('title', /give at least one of/);
    });

    it('refuses an amendment without a reason', () => {
      given()
        .whenParsed({ type: 'AmendAction', actionId: 'a1', due: '2017-12-31', reason: '' })
        .thenRefused('reason', /must not be empty/);
    });

    it('refuses a merged action that does not say into which', () => {
      given()
        .whenParsed({ type: 'CloseAction', actionId: 'a1', outcome: 'merged' })
        .thenRefused('mergedInto', /is required when the outcome is merged/);
    });

    it('refuses mergedInto on a completed action', () => {
      given()
        .whenParsed({ type: 'CloseAction', actionId: 'a1', outcome: 'completed', mergedInto: 'a2' })
        .thenRefused('mergedInto', /must be absent unless the outcome is merged/);
    });
  });

  describe('priorities', () => {
    it('refuses an amendment of a priority with neither a title nor a description', () => {
      given()
        .whenParsed({ type: 'AmendPriority', priorityId: 'p', reason: 'r' })
        .thenRefused('title', /give a new title or description/);
    });

    it('refuses a description holding a RIGHT-TO-LEFT OVERRIDE', () => {
      given()
        .whenParsed({ type: 'SetPriority', priorityId: 'p', title: 'Early help', description: 'abc\u202Edef' })
        .thenRefused('description', /bidirectional controls \(found U\+202E\)/);
    });
  });

  describe('indicators: figures are numbers', () => {
    it('accepts a percentage measured as the number 65.5', () => {
      given().whenParsed(measure).thenAccepted();
    });

    it('refuses a percentage written as text', () => {
      given()
        .whenParsed({ ...measure, value: '65.5%' })
        .thenRefused('value', /must be a number/);
    });

    it('refuses a value that is not finite', () => {
      given()
        .whenParsed({ ...measure, value: Number.POSITIVE_INFINITY })
        .thenRefused('value', /finite/);
    });

    it('refuses a measurement dated after the day it is recorded', () => {
      given({ recordedOn: '2026-11-24' })
        .whenParsed({ ...measure, at: '2026-11-25' })
        .thenRefused('at', /after the day it is recorded/);
    });

    it('accepts a percentage target as a number from 0 to 100', () => {
      given()
        .whenParsed({ type: 'DefineIndicator', indicatorId: 'i', name: 'ICPCs in timescale', unit: 'percent', target: 90 })
        .thenAccepted();
    });

    it('refuses a percentage target of 120', () => {
      given()
        .whenParsed({ type: 'DefineIndicator', indicatorId: 'i', name: 'ICPCs in timescale', unit: 'percent', target: 120 })
        .thenRefused('target', /from 0 to 100 for a percentage/);
    });

    it('refuses a percentage target written as text', () => {
      given()
        .whenParsed({ type: 'DefineIndicator', indicatorId: 'i', name: 'ICPCs in timescale', unit: 'percent', target: '90' })
        .thenRefused('target', /must be a number/);
    });

    it('refuses a unit that does not exist', () => {
      given()
        .whenParsed({ type: 'DefineIndicator', indicatorId: 'i', name: 'n', unit: 'furlongs' })
        .thenRefused('unit', /count, percent, ratio, days/);
    });
  });

  describe('plans and meetings', () => {
    it('refuses a plan id with spaces (it becomes part of the stream id)', () => {
      given()
        .whenParsed({ type: 'CreatePlan', planId: 'my plan', laCode: '885', title: 'P', kind: 'priority plan' })
        .thenRefused('planId', /letters, digits/);
    });

    it('refuses 101 board decisions', () => {
      given()
        .whenParsed({ type: 'HoldBoardMeeting', meetingId: 'm1', decisions: Array.from({ length: 101 }, (_, i) => `decision ${i}`) })
        .thenRefused('decisions', /at most 100 items/);
    });

    it('refuses an authority command on a plan stream, saying so', () => {
      given()
        .whenParsed({ type: 'RecordInspection' })
        .thenRefused('type', /RecordInspection is an authority command/);
    });
  });

  describe('corrections', () => {
    const correction = { type: 'CorrectEvent', eventId: 'e2', changes: { grade: 'green' }, reason: 'the board minutes say green' };

    it('accepts changes of any JSON value, to be checked against the corrected event later', () => {
      given()
        .whenParsed({ ...correction, changes: { grade: 'purple', decisions: ['a', { b: null }] } })
        .thenAccepted();
    });

    it('refuses changes that are not an object', () => {
      given()
        .whenParsed({ ...correction, changes: ['grade', 'green'] })
        .thenRefused('changes', /must be an object/);
    });

    it('refuses a change to __proto__', () => {
      given()
        .whenParsed({ ...correction, changes: JSON.parse('{"__proto__": {"polluted": true}}') })
        .thenRefused('changes.__proto__', /is not a field name/);
    });

    it('refuses a correction that changes nothing', () => {
      given()
        .whenParsed({ ...correction, changes: {} })
        .thenRefused('changes', /at least one field, or give newOccurredAt/);
    });

    it('accepts a correction of the business date alone', () => {
      given()
        .whenParsed({ ...correction, changes: {}, newOccurredAt: { from: '2017-09', precision: 'month' } })
        .thenAccepted();
    });

    it('refuses a new business date after the day it is recorded', () => {
      given({ recordedOn: '2026-11-24' })
        .whenParsed({ ...correction, newOccurredAt: { from: '2027-01-01', precision: 'day' } })
        .thenRefused('newOccurredAt', /after the day it is recorded/);
    });

    it('refuses a new business date before 2000', () => {
      given()
        .whenParsed({ ...correction, newOccurredAt: { from: '1999-12', precision: 'month' } })
        .thenRefused('newOccurredAt', /before 2000-01-01/);
    });

    it('refuses a retraction without a reason', () => {
      given()
        .whenParsed({ type: 'RetractEvent', eventId: 'e2' })
        .thenRefused('reason', /is required/);
    });
  });
});
