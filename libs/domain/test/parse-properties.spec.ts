import fc from 'fast-check';
import { AUTHORITY_COMMAND_TYPES, CommandRejected, parseAuthorityCommand, parsePlanCommand, type ParseContext } from '../src/parse';

const context: ParseContext = { recordedOn: '2026-11-24' };
const PARSERS = [
  ['authority', parseAuthorityCommand],
  ['plan', parsePlanCommand],
] as const;

/** One well-formed command of every type, to mutate from. */
const SAMPLES: readonly Record<string, unknown>[] = [
  { type: 'RegisterAuthority', laCode: '885', name: 'Worcestershire', region: 'West Midlands', onsCode: 'E10000034' },
  {
    type: 'RecordInspection',
    inspectionId: 'sif-2016',
    framework: 'SIF',
    kind: 'standard',
    fieldwork: { start: '2016-10-24', end: '2016-11-17' },
    reportDate: '2017-01',
    publishedOn: '2017-01-24',
    inspectors: [{ name: 'A. Inspector', lead: true }],
    judgements: [{ area: 'care leavers', judgement: 'good' }],
    overall: 'inadequate',
  },
  {
    type: 'LogMonitoringVisit',
    visitId: 'mv-7',
    number: 7,
    follows: 'sif-2016',
    letterDate: '2018-09-27',
    inspectors: [],
    areasCovered: ['thresholds'],
  },
  { type: 'LogFocusedVisit', visitId: 'fv', kind: 'focused visit', theme: 'children in need', inspectors: [], priorityActionsSet: false },
  {
    type: 'RecordFindings',
    findingsId: 'f',
    regarding: 'fv',
    recommendations: ['r'],
    areasForPriorityAction: [],
    whatNeedsToImprove: [],
    strengths: [],
    weaknesses: [],
    progressNotes: [],
  },
  { type: 'IssueIntervention', interventionId: 'd', kind: 'statutory direction', summary: 'a direction' },
  { type: 'LiftIntervention', interventionId: 'd', reason: 'improved' },
  { type: 'MakeAppointment', appointmentId: 'c', role: 'commissioner', name: 'A Commissioner' },
  { type: 'PublishReview', reviewId: 'r', title: 'Review', completed: { from: '2017-03', to: '2017-04', precision: 'month' } },
  { type: 'CreatePlan', planId: 'p-1', laCode: '885', title: 'Priority plan', kind: 'priority plan', respondsTo: 'sif-2016' },
  { type: 'SetPriority', priorityId: 'early-help', title: 'Early help', description: 'Remodel the offer' },
  { type: 'AmendPriority', priorityId: 'early-help', title: 'Early help offer', reason: 'clearer' },
  { type: 'RetirePriority', priorityId: 'early-help', reason: 'done' },
  { type: 'AddAction', actionId: 'a1', priorityId: 'early-help', title: 'Audit', owner: 'Head of service', due: '2030-01-31' },
  { type: 'AmendAction', actionId: 'a1', due: '2030-03-31', reason: 'staff shortage' },
  { type: 'CloseAction', actionId: 'a1', outcome: 'merged', mergedInto: 'a2' },
  { type: 'GradeProgress', target: 'action', targetId: 'a1', grade: 'green', gradedBy: 'board', evidence: 'minutes' },
  { type: 'DefineIndicator', indicatorId: 'i', name: 'ICPCs in timescale', unit: 'percent', target: 90, direction: 'higher is better' },
  { type: 'MeasureIndicator', indicatorId: 'i', value: 65.5, at: '2018-09-05', note: 'at the visit' },
  { type: 'HoldBoardMeeting', meetingId: 'm', chair: 'Chair', decisions: ['approve the plan'] },
  { type: 'ClosePlan', reason: 'superseded' },
  { type: 'CorrectEvent', eventId: 'e1', changes: { overall: 'good' }, newOccurredAt: { from: '2017', precision: 'year' }, reason: 'r' },
  { type: 'RetractEvent', eventId: 'e1', reason: 'wrong council' },
];

const KEYS = [...new Set(SAMPLES.flatMap((sample) => Object.keys(sample)))];

/** Values that sit on or near the rules' edges, and the samples' own values (so mutations are often still valid). */
const interesting = fc.constantFrom<unknown>(
  ...SAMPLES.flatMap((sample) => Object.values(sample)),
  '',
  '  padded  ',
  'x\u0000y',
  'a\u202eb',
  '\ud800',
  'line\nbreak',
  'x'.repeat(201),
  '2021-02-30',
  '2026-11',
  '2026-12',
  '1999',
  '0000-01-01',
  'purple',
  'excellent',
  0,
  -0,
  1,
  99,
  100,
  1.5,
  -1e300,
  true,
  null,
  [],
  {},
  [
    { name: 'A', lead: true },
    { name: 'B', lead: true },
  ],
  { start: '2016-11-17', end: '2016-10-24' },
  { from: '2026-11-25', precision: 'day' },
);

const anyValue = fc.oneof(interesting, fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }));

/** A sample with some fields replaced, removed or added. */
const mutated = fc
  .tuple(
    fc.constantFrom(...SAMPLES),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string()), fc.option(anyValue, { nil: undefined })), { maxLength: 3 }),
  )
  .map(([sample, edits]) => {
    const input: Record<string, unknown> = { ...sample };
    for (const [key, value] of edits) {
      if (value === undefined) delete input[key];
      else Object.defineProperty(input, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return input;
  });

const arbitraryInput = fc.oneof(
  fc.jsonValue({ stringUnit: 'binary' }),
  fc
    .tuple(fc.constantFrom(...SAMPLES.map((sample) => sample.type)), fc.dictionary(fc.string(), anyValue, { maxKeys: 6 }))
    .map(([type, fields]) => ({ ...fields, type })),
  mutated,
);

describe('parsers: properties over arbitrary input', () => {
  it.each(PARSERS)('the %s parser throws nothing but CommandRejected, and what it accepts reads back the same', (_, parse) => {
    let accepted = 0;
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        let command: unknown;
        try {
          command = parse(input, context);
        } catch (error) {
          if (!(error instanceof CommandRejected)) throw error;
          expect(error.problems.length).toBeGreaterThan(0);
          return;
        }
        accepted++;
        expect(parse(command, context)).toEqual(command);
        expect(JSON.parse(JSON.stringify(command))).toEqual(command);
      }),
      { numRuns: 3_000 },
    );
    // Not vacuous: a fair share of the near-valid inputs get through.
    expect(accepted).toBeGreaterThan(50);
  });

  it.each(SAMPLES.map((sample) => [sample.type, sample] as const))(
    'given a well-formed %s, when parsed, then it is accepted as is',
    (type, sample) => {
      const parse = (AUTHORITY_COMMAND_TYPES as readonly unknown[]).includes(type) ? parseAuthorityCommand : parsePlanCommand;
      expect(parse(sample, context)).toEqual(sample);
    },
  );
});
