import { DomainRuleViolation } from '@plan-ledger/domain';
import { CommandRejected, parseAuthorityCommand, type ParseContext, type Problem } from '../src/parse';

/** The day every scenario records on, unless it says otherwise. */
const RECORDED_ON = '2026-11-24';

/** given (the day of recording) / when (raw input is parsed as an authority command) / then (accepted, or refused). */
function given(context: ParseContext = { recordedOn: RECORDED_ON }) {
  return {
    whenParsed(input: unknown) {
      const attempt = () => parseAuthorityCommand(input, context);
      const refusal = (): CommandRejected => {
        try {
          attempt();
        } catch (error) {
          expect(error).toBeInstanceOf(CommandRejected);
          return error as CommandRejected;
        }
        throw new Error('expected the command to be refused, and it was accepted');
      };
      return {
        thenAccepted(expected: unknown = input): void {
          expect(attempt()).toEqual(expected);
        },
        thenRefused(field: string, rule?: RegExp): CommandRejected {
          const error = refusal();
          const problem = error.problems.find((p) => p.field === field);
          expect(problem).toBeDefined();
          if (rule) expect(problem!.rule).toMatch(rule);
          return error;
        },
        thenRefusedWith(problems: Problem[]): void {
          expect(refusal().problems).toEqual(problems);
        },
      };
    },
  };
}

const inspection = {
  type: 'RecordInspection',
  inspectionId: 'worcestershire-sif-2016',
  framework: 'SIF',
  kind: 'standard',
  fieldwork: { start: '2016-10-24', end: '2016-11-17' },
  publishedOn: '2017-01-24',
  inspectors: [
    { name: 'A. Inspector', lead: true },
    { name: 'B. Inspector', lead: false },
  ],
  judgements: [{ area: 'children who need help and protection', judgement: 'inadequate' }],
  overall: 'inadequate',
};

const monitoringVisit = {
  type: 'LogMonitoringVisit',
  visitId: 'wirral-mv-7',
  number: 7,
  follows: 'wirral-sif-2016',
  fieldwork: { start: '2018-09-04', end: '2018-09-05' },
  letterDate: '2018-09-27',
  inspectors: [{ name: 'Sheena Doyle', lead: false }],
  areasCovered: ['thresholds for safeguarding referrals'],
};

const findings = {
  type: 'RecordFindings',
  findingsId: 'f1',
  regarding: 'worcestershire-sif-2016',
  recommendations: [],
  areasForPriorityAction: [],
  whatNeedsToImprove: [],
  strengths: [],
  weaknesses: [],
  progressNotes: [],
};

describe('parsing authority commands', () => {
  describe('well-formed commands', () => {
    it('accepts a recorded inspection as it was given', () => {
      given().whenParsed(inspection).thenAccepted();
    });

    it('trims text and drops optional fields sent as null', () => {
      given()
        .whenParsed({ ...inspection, inspectionId: '  worcestershire-sif-2016 ', reportDate: null })
        .thenAccepted(inspection);
    });

    it('accepts a registration with its ONS code', () => {
      given()
        .whenParsed({ type: 'RegisterAuthority', laCode: '885', name: 'Worcestershire', region: 'West Midlands', onsCode: 'E10000034' })
        .thenAccepted();
    });

    it('accepts a partial date in the month it is recorded (its first day has come)', () => {
      given()
        .whenParsed({ ...inspection, publishedOn: '2026-11' })
        .thenAccepted();
    });

    it('accepts a review whose carrying out is known to two months', () => {
      const review = {
        type: 'PublishReview',
        reviewId: 'r1',
        title: "Commissioner's review",
        completed: { from: '2017-03', to: '2017-04', precision: 'month', label: 'March/April 2017' },
      };
      given().whenParsed(review).thenAccepted();
    });
  });

  describe('judgements and enumerations', () => {
    it('refuses an overall judgement of excellent', () => {
      given()
        .whenParsed({ ...inspection, overall: 'excellent' })
        .thenRefused('overall', /must be one of outstanding, good, requires improvement to be good, adequate, inadequate/);
    });

    it('refuses "adequate" from a SIF inspection, naming the scale it belongs to', () => {
      given()
        .whenParsed({ ...inspection, overall: 'adequate' })
        .thenRefusedWith([
          {
            field: 'overall',
            rule: `must be on the SIF framework's scale (outstanding | good | requires improvement to be good | inadequate): "adequate" belongs to the 2009-2013 scale only`,
          },
        ]);
    });

    it('refuses "requires improvement to be good" from a 2009-2012 SLAC inspection, area by area', () => {
      given()
        .whenParsed({
          ...inspection,
          framework: 'SLAC 2009-2012',
          judgements: [
            { area: 'safeguarding services: overall effectiveness', judgement: 'adequate' },
            { area: 'safeguarding services: capacity for improvement', judgement: 'requires improvement to be good' },
          ],
          overall: 'adequate',
        })
        .thenRefusedWith([
          {
            field: 'judgements[1].judgement',
            rule: `must be on the SLAC 2009-2012 framework's scale (outstanding | good | adequate | inadequate): "requires improvement to be good" belongs to the scale from November 2013 (SIF and ILACS) only`,
          },
        ]);
    });

    it('accepts a 2012-2013 child protection inspection judged adequate', () => {
      const old = {
        ...inspection,
        framework: 'child protection 2012-2013',
        judgements: [{ area: 'leadership and governance', judgement: 'adequate' }],
        overall: 'adequate',
      };
      given().whenParsed(old).thenAccepted();
    });

    it('refuses an area judgement off the scale', () => {
      given()
        .whenParsed({ ...inspection, judgements: [{ area: 'care leavers', judgement: 'purple' }] })
        .thenRefused('judgements[0].judgement', /must be one of/);
    });

    it('refuses a judgement in another case', () => {
      given()
        .whenParsed({ ...inspection, overall: 'Inadequate' })
        .thenRefused('overall');
    });

    it('refuses a framework Ofsted never used', () => {
      given()
        .whenParsed({ ...inspection, framework: 'OFSTED' })
        .thenRefused('framework', /SIF, ILACS/);
    });
  });

  describe('fieldwork and dates', () => {
    it('refuses fieldwork that ends before it starts, naming the end', () => {
      given()
        .whenParsed({ ...inspection, fieldwork: { start: '2016-11-17', end: '2016-10-24' } })
        .thenRefused('fieldwork.end', /must not be before the start/);
    });

    it('refuses a date that does not exist', () => {
      given()
        .whenParsed({ ...inspection, fieldwork: { start: '2021-02-30', end: '2021-03-02' } })
        .thenRefused('fieldwork.start', /real date/);
    });

    it('refuses fieldwork in the year 0000', () => {
      given()
        .whenParsed({ ...inspection, fieldwork: { start: '0000-01-01', end: '0000-01-02' } })
        .thenRefused('fieldwork.start', /before 2000-01-01/);
    });

    it('refuses fieldwork in 1800', () => {
      given()
        .whenParsed({ ...inspection, fieldwork: { start: '1800-06-01', end: '1800-06-02' } })
        .thenRefused('fieldwork.start', /before 2000-01-01/);
    });

    it('refuses a report date in 1999 known only to the year', () => {
      given()
        .whenParsed({ ...inspection, reportDate: '1999' })
        .thenRefused('reportDate', /before 2000-01-01/);
    });

    it('refuses a monitoring visit dated 2099 when recorded on 2026-11-24', () => {
      given({ recordedOn: '2026-11-24' })
        .whenParsed({ ...monitoringVisit, fieldwork: { start: '2099-01-05', end: '2099-01-06' } })
        .thenRefused('fieldwork.start', /must not be after the day it is recorded \(2026-11-24\)/);
    });

    it('refuses a letter dated after the day it is recorded', () => {
      given({ recordedOn: '2026-11-24' })
        .whenParsed({ ...monitoringVisit, letterDate: '2026-11-25' })
        .thenRefused('letterDate', /after the day it is recorded/);
    });

    it('refuses a publication month that has not begun', () => {
      given({ recordedOn: '2026-11-24' })
        .whenParsed({ ...inspection, publishedOn: '2026-12' })
        .thenRefused('publishedOn');
    });

    it('refuses a date written the British way', () => {
      given()
        .whenParsed({ ...inspection, publishedOn: '24/01/2017' })
        .thenRefused('publishedOn', /YYYY, YYYY-MM or YYYY-MM-DD/);
    });

    it('refuses a review completed in the future', () => {
      given({ recordedOn: '2026-11-24' })
        .whenParsed({ type: 'PublishReview', reviewId: 'r1', title: 'Review', completed: { from: '2027', precision: 'year' } })
        .thenRefused('completed', /after the day it is recorded/);
    });

    it('refuses a review whose business time has an impossible month', () => {
      given()
        .whenParsed({ type: 'PublishReview', reviewId: 'r1', title: 'Review', published: { from: '2017-13', precision: 'month' } })
        .thenRefused('published.from', /real date/);
    });
  });

  describe('inspectors', () => {
    it('refuses inspectors that are not a list', () => {
      given()
        .whenParsed({ ...inspection, inspectors: 'not a list' })
        .thenRefused('inspectors', /must be a list/);
    });

    it('refuses two lead inspectors', () => {
      given()
        .whenParsed({
          ...inspection,
          inspectors: [
            { name: 'A', lead: true },
            { name: 'B', lead: true },
          ],
        })
        .thenRefused('inspectors', /at most one lead inspector/);
    });

    it('refuses more than 30 inspectors', () => {
      const inspectors = Array.from({ length: 31 }, (_, i) => ({ name: `Inspector ${i + 1}`, lead: i === 0 }));
      given()
        .whenParsed({ ...inspection, inspectors })
        .thenRefused('inspectors', /at most 30 items/);
    });

    it('refuses a lead flag written as text', () => {
      given()
        .whenParsed({ ...inspection, inspectors: [{ name: 'A', lead: 'yes' }] })
        .thenRefused('inspectors[0].lead', /true or false/);
    });

    it.each([
      ['NUL', '\u0000'],
      ['BEL', '\u0007'],
      ['ESC', '\u001b'],
      ['a C1 control', '\u0085'],
      ['a tab', '\t'],
    ])('refuses %s in an inspector name', (_, control) => {
      given()
        .whenParsed({
          ...inspection,
          inspectors: [
            { name: 'A. Inspector', lead: true },
            { name: `Eve${control}lyn`, lead: false },
          ],
        })
        .thenRefused('inspectors[1].name', /must not contain control characters/);
    });

    it.each([
      ['RIGHT-TO-LEFT OVERRIDE', '\u202e'],
      ['LEFT-TO-RIGHT ISOLATE', '\u2066'],
      ['RIGHT-TO-LEFT MARK', '\u200f'],
      ['ARABIC LETTER MARK', '\u061c'],
    ])('refuses a %s in an inspector name', (_, control) => {
      given()
        .whenParsed({ ...inspection, inspectors: [{ name: `Ann ${control}rekaB`, lead: true }] })
        .thenRefused('inspectors[0].name', /bidirectional controls/);
    });

    it('refuses an inspector without a name', () => {
      given()
        .whenParsed({ ...inspection, inspectors: [{ name: '   ', lead: true }] })
        .thenRefused('inspectors[0].name', /must not be empty/);
    });
  });

  describe('monitoring-visit numbers', () => {
    it.each([
      [0, /from 1 to 99/],
      [100, /from 1 to 99/],
      [1.5, /whole number/],
      ['7', /must be a number/],
    ])('refuses visit number %p', (number, rule) => {
      given()
        .whenParsed({ ...monitoringVisit, number })
        .thenRefused('number', rule);
    });

    it('accepts visit 99', () => {
      given()
        .whenParsed({ ...monitoringVisit, number: 99 })
        .thenAccepted();
    });
  });

  describe('lists and sizes', () => {
    it('refuses 200 recommendations of 5 KB each', () => {
      const recommendations = Array.from({ length: 200 }, () => 'r'.repeat(5_000));
      given()
        .whenParsed({ ...findings, recommendations })
        .thenRefused('recommendations', /at most 100 items \(has 200\)/);
    });

    it('refuses a recommendation longer than 5,000 characters', () => {
      given()
        .whenParsed({ ...findings, recommendations: ['ok', 'x'.repeat(5_001)] })
        .thenRefused('recommendations[1]', /at most 5,000 characters/);
    });

    it('accepts newlines and tabs in a list item (long text)', () => {
      given()
        .whenParsed({ ...findings, strengths: ['Leaders know their services:\n\tthey audit monthly'] })
        .thenAccepted();
    });

    it('refuses a carriage return in long text', () => {
      given()
        .whenParsed({ ...findings, strengths: ['one\r\ntwo'] })
        .thenRefused('strengths[0]', /other than tab and newline \(found U\+000D\)/);
    });

    it('refuses findings whose lists together exceed the size of a command', () => {
      const full = Array.from({ length: 100 }, () => 'w'.repeat(5_000));
      given()
        .whenParsed({ ...findings, recommendations: full, strengths: full, weaknesses: full })
        .thenRefused('command', /at most 1,000,000 bytes/);
    });

    it('refuses a name longer than 200 characters', () => {
      given()
        .whenParsed({ type: 'MakeAppointment', appointmentId: 'a1', role: 'commissioner', name: 'N'.repeat(201) })
        .thenRefused('name', /at most 200 characters/);
    });

    it('refuses an id longer than 100 characters', () => {
      given()
        .whenParsed({ ...inspection, inspectionId: 'i'.repeat(101) })
        .thenRefused('inspectionId', /at most 100 characters/);
    });

    it('refuses a lone surrogate in a theme', () => {
      given()
        .whenParsed({
          type: 'LogFocusedVisit',
          visitId: 'v',
          kind: 'focused visit',
          theme: 'care \ud800 leavers',
          inspectors: [],
          priorityActionsSet: false,
        })
        .thenRefused('theme', /well-formed Unicode/);
    });
  });

  describe('the shape of a command', () => {
    it('refuses an unknown field, naming it', () => {
      given()
        .whenParsed({ ...inspection, colour: 'red' })
        .thenRefused('colour', /is not a field of RecordInspection/);
    });

    it('refuses an unknown field inside fieldwork', () => {
      given()
        .whenParsed({ ...inspection, fieldwork: { start: '2016-10-24', end: '2016-11-17', middle: '2016-11-01' } })
        .thenRefused('fieldwork.middle', /is not a field of a date range/);
    });

    it('refuses an unknown field of an inspector', () => {
      given()
        .whenParsed({ ...inspection, inspectors: [{ name: 'A', lead: true, role: 'HMI' }] })
        .thenRefused('inspectors[0].role');
    });

    it('refuses a missing required field', () => {
      const { overall: _, ...withoutOverall } = inspection;
      given()
        .whenParsed(withoutOverall)
        .thenRefused('overall', /is required/);
    });

    it('refuses an unknown type, listing the allowed ones', () => {
      given()
        .whenParsed({ type: 'DeleteAuthority', laCode: '885' })
        .thenRefused('type', /must be one of RegisterAuthority, RecordInspection, .*CorrectEvent, RetractEvent/);
    });

    it('refuses a plan command on an authority stream, saying so', () => {
      given()
        .whenParsed({ type: 'CreatePlan', planId: 'p' })
        .thenRefused('type', /CreatePlan is a plan command/);
    });

    it('refuses input that is not an object', () => {
      given()
        .whenParsed('RegisterAuthority 885')
        .thenRefused('command', /must be an object/);
    });

    it('refuses an la_code that is not three digits', () => {
      given()
        .whenParsed({ type: 'RegisterAuthority', laCode: '88', name: 'W', region: 'WM' })
        .thenRefused('laCode', /three-digit/);
    });

    it('refuses a malformed ONS code', () => {
      given()
        .whenParsed({ type: 'RegisterAuthority', laCode: '885', name: 'W', region: 'WM', onsCode: '885' })
        .thenRefused('onsCode', /ONS code/);
    });

    it('names an unknown field that holds control characters without echoing them', () => {
      const error = given()
        .whenParsed({ ...inspection, ['x\u202ey']: 1 })
        .thenRefused('x\\u202Ey');
      expect(error.message).not.toMatch(/\u202e/);
    });
  });

  describe('the refusal', () => {
    it('lists every problem, in order, with the first as its field and rule', () => {
      given()
        .whenParsed({
          ...inspection,
          fieldwork: { start: '2016-11-17', end: '2016-10-24' },
          inspectors: [{ name: '', lead: true }],
          overall: 'excellent',
        })
        .thenRefusedWith([
          { field: 'fieldwork.end', rule: 'must not be before the start (2016-11-17)' },
          { field: 'inspectors[0].name', rule: 'must not be empty' },
          { field: 'overall', rule: 'must be one of outstanding, good, requires improvement to be good, adequate, inadequate' },
        ]);
    });

    it('is a DomainRuleViolation with code INVALID_COMMAND, naming the first problem', () => {
      const error = given()
        .whenParsed({ ...inspection, overall: 'excellent', kind: 'long' })
        .thenRefused('overall');
      expect(error).toBeInstanceOf(DomainRuleViolation);
      expect(error).toMatchObject({ code: 'INVALID_COMMAND', field: 'kind', name: 'CommandRejected' });
      expect(error.message).toContain('overall: must be one of');
    });
  });
});
