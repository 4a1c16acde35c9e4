import { graphql } from './support/graphql';
import { startApp, type RunningApp } from './support/running-app';
import { registerWorcestershire } from './support/council';

const month = { from: '2017-06', precision: 'month' };

/** [what is wrong, mutation input type, mutation, input, the field the error must name] */
const CASES: [string, string, string, Record<string, unknown>, string][] = [
  [
    'an la_code that is not three digits',
    'RegisterAuthorityInput',
    'registerAuthority',
    { laCode: '88', name: 'W', region: 'WM', occurredAt: month },
    'laCode',
  ],
  ['an empty name', 'RegisterAuthorityInput', 'registerAuthority', { laCode: '885', name: '', region: 'WM', occurredAt: month }, 'name'],
  [
    'a malformed ONS code',
    'RegisterAuthorityInput',
    'registerAuthority',
    { laCode: '885', name: 'W', region: 'WM', onsCode: '885', occurredAt: month },
    'onsCode',
  ],
  [
    'a precision that is not day, month or year',
    'RegisterAuthorityInput',
    'registerAuthority',
    { laCode: '885', name: 'W', region: 'WM', occurredAt: { from: '2017-06', precision: 'week' } },
    'occurredAt.precision',
  ],
  [
    'an impossible business date',
    'RegisterAuthorityInput',
    'registerAuthority',
    { laCode: '885', name: 'W', region: 'WM', occurredAt: { from: '2017-02-30', precision: 'day' } },
    'occurredAt',
  ],
  [
    'a span ending before it starts',
    'RegisterAuthorityInput',
    'registerAuthority',
    { laCode: '885', name: 'W', region: 'WM', occurredAt: { from: '2017-04', to: '2017-03', precision: 'month' } },
    'occurredAt',
  ],
  [
    'an empty commandId',
    'RegisterAuthorityInput',
    'registerAuthority',
    { laCode: '885', name: 'W', region: 'WM', occurredAt: month, commandId: '' },
    'commandId',
  ],
  [
    'an expectedRevision that is not a number',
    'RegisterAuthorityInput',
    'registerAuthority',
    { laCode: '885', name: 'W', region: 'WM', occurredAt: month, expectedRevision: 'latest' },
    'expectedRevision',
  ],
  [
    'a source without a title',
    'RegisterAuthorityInput',
    'registerAuthority',
    { laCode: '885', name: 'W', region: 'WM', occurredAt: month, source: { title: '' } },
    'source.title',
  ],
  [
    'a source hash that is not SHA-256',
    'RegisterAuthorityInput',
    'registerAuthority',
    { laCode: '885', name: 'W', region: 'WM', occurredAt: month, source: { title: 'Letter', sha256: 'abc' } },
    'source.sha256',
  ],
  [
    'a framework Ofsted never used',
    'RecordInspectionInput',
    'recordInspection',
    {
      laCode: '885',
      inspectionId: 'i',
      framework: 'OFSTED',
      kind: 'standard',
      inspectors: [],
      judgements: [],
      overall: 'inadequate',
      occurredAt: month,
    },
    'framework',
  ],
  [
    'a judgement off the scale',
    'RecordInspectionInput',
    'recordInspection',
    {
      laCode: '885',
      inspectionId: 'i',
      framework: 'SIF',
      kind: 'standard',
      inspectors: [],
      judgements: [],
      overall: 'adequate',
      occurredAt: month,
    },
    'overall',
  ],
  [
    'an area judgement off the scale',
    'RecordInspectionInput',
    'recordInspection',
    {
      laCode: '885',
      inspectionId: 'i',
      framework: 'SIF',
      kind: 'standard',
      inspectors: [],
      judgements: [{ area: 'care leavers', judgement: 'ok' }],
      overall: 'good',
      occurredAt: month,
    },
    'judgements.0.judgement',
  ],
  [
    'an impossible fieldwork date',
    'RecordInspectionInput',
    'recordInspection',
    {
      laCode: '885',
      inspectionId: 'i',
      framework: 'SIF',
      kind: 'standard',
      fieldwork: { start: '2016-10-24', end: '2016-11-31' },
      inspectors: [],
      judgements: [],
      overall: 'good',
      occurredAt: month,
    },
    'fieldwork.end',
  ],
  [
    'a malformed publication date',
    'RecordInspectionInput',
    'recordInspection',
    {
      laCode: '885',
      inspectionId: 'i',
      framework: 'SIF',
      kind: 'standard',
      publishedOn: '24/01/2017',
      inspectors: [],
      judgements: [],
      overall: 'good',
      occurredAt: month,
    },
    'publishedOn',
  ],
  [
    'an inspector without a name',
    'RecordInspectionInput',
    'recordInspection',
    {
      laCode: '885',
      inspectionId: 'i',
      framework: 'SIF',
      kind: 'standard',
      inspectors: [{ name: '', lead: true }],
      judgements: [],
      overall: 'good',
      occurredAt: month,
    },
    'inspectors.0.name',
  ],
  [
    'a monitoring visit number of 0',
    'LogMonitoringVisitInput',
    'logMonitoringVisit',
    { laCode: '885', visitId: 'v', number: 0, follows: 'i', inspectors: [], areasCovered: [], occurredAt: month },
    'number',
  ],
  [
    'an intervention kind that does not exist',
    'IssueInterventionInput',
    'issueIntervention',
    { laCode: '885', interventionId: 'x', kind: 'warning', occurredAt: month },
    'kind',
  ],
  [
    'an appointment role that does not exist',
    'MakeAppointmentInput',
    'makeAppointment',
    { laCode: '885', appointmentId: 'x', role: 'mayor', name: 'A', occurredAt: month },
    'role',
  ],
  [
    'a plan id with spaces',
    'CreatePlanInput',
    'createPlan',
    { planId: 'my plan', laCode: '885', title: 'P', kind: 'priority plan', occurredAt: month },
    'planId',
  ],
  [
    'a plan kind that does not exist',
    'CreatePlanInput',
    'createPlan',
    { planId: 'p', laCode: '885', title: 'P', kind: 'wish list', occurredAt: month },
    'kind',
  ],
  [
    'an impossible due date',
    'AddActionInput',
    'addAction',
    { planId: 'p', actionId: 'a', priorityId: 'x', title: 't', owner: 'o', due: '2017-13-01', occurredAt: month },
    'due',
  ],
  [
    'an amendment without a reason',
    'AmendActionInput',
    'amendAction',
    { planId: 'p', actionId: 'a', due: '2017-12-01', reason: '', occurredAt: month },
    'reason',
  ],
  [
    'an action outcome that does not exist',
    'CloseActionInput',
    'closeAction',
    { planId: 'p', actionId: 'a', outcome: 'abandoned', occurredAt: month },
    'outcome',
  ],
  [
    'a grade off the RAG scale',
    'GradeProgressInput',
    'gradeProgress',
    { planId: 'p', target: 'plan', grade: 'purple', gradedBy: 'board', occurredAt: month },
    'grade',
  ],
  [
    'a grader that does not exist',
    'GradeProgressInput',
    'gradeProgress',
    { planId: 'p', target: 'plan', grade: 'red', gradedBy: 'mayor', occurredAt: month },
    'gradedBy',
  ],
  [
    'an indicator unit that does not exist',
    'DefineIndicatorInput',
    'defineIndicator',
    { planId: 'p', indicatorId: 'i', name: 'n', unit: 'furlongs', occurredAt: month },
    'unit',
  ],
  [
    'a measurement date that is not a date',
    'MeasureIndicatorInput',
    'measureIndicator',
    { planId: 'p', indicatorId: 'i', value: 1, at: 'last March', occurredAt: month },
    'at',
  ],
  [
    'a correction of an event id that is not a UUID',
    'CorrectEventInput',
    'correctEvent',
    { streamId: 'plan-p', eventId: 'e1', changes: { title: 'x' }, reason: 'r' },
    'eventId',
  ],
  [
    'a correction on a stream that is not ours',
    'RetractEventInput',
    'retractEvent',
    { streamId: '$all', eventId: '0b7d5c1e-6f4a-4c1e-9d1a-1a2b3c4d5e6f', reason: 'r' },
    'streamId',
  ],
];

describe('bad input over GraphQL', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
    await registerWorcestershire(running.baseUrl);
    await graphql(
      running.baseUrl,
      `
        mutation {
          createPlan(
            input: { planId: "p", laCode: "885", title: "Plan", kind: "priority plan", occurredAt: { from: "2017-06", precision: "month" } }
          ) {
            revision
          }
        }
      `,
    );
  });
  afterAll(() => running.stop());

  const head = async (): Promise<string> =>
    ((await (await fetch(`${running.baseUrl}/health`)).json()) as { headPosition: string }).headPosition;

  it.each(CASES)('refuses %s with BAD_USER_INPUT naming the field, and records nothing', async (_, type, mutation, input, field) => {
    const before = await head();
    const response = await graphql(running.baseUrl, `mutation ($input: ${type}!) { ${mutation}(input: $input) { revision } }`, { input });
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.problems?.map((p) => p.field)).toContain(field);
    expect(error.message).toContain(field);
    expect(response.raw).not.toMatch(/\s+at \S+ \(/);
    expect(await head()).toBe(before);
  });

  it('refuses an unknown input field, a missing required one and a wrong type, naming them', async () => {
    const unknown = await graphql(
      running.baseUrl,
      `
        mutation {
          setPriority(input: { planId: "p", priorityId: "x", title: "t", mood: "good", occurredAt: { from: "2017", precision: "year" } }) {
            revision
          }
        }
      `,
    );
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(unknown.errors?.[0].message).toContain('mood');
    const missing = await graphql(
      running.baseUrl,
      `
        mutation ($input: SetPriorityInput!) {
          setPriority(input: $input) {
            revision
          }
        }
      `,
      { input: { planId: 'p', priorityId: 'x' } },
    );
    expect(missing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(missing.errors?.map((e) => e.message).join(' ')).toContain('title');
    const wrongType = await graphql(
      running.baseUrl,
      `
        mutation ($input: LogMonitoringVisitInput!) {
          logMonitoringVisit(input: $input) {
            revision
          }
        }
      `,
      {
        input: { laCode: '885', visitId: 'v', number: 'seven', follows: 'i', inspectors: [], areasCovered: [], occurredAt: month },
      },
    );
    expect(wrongType.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrongType.errors?.[0].message).toContain('number');
  });

  it('refuses what breaks a rule of the plan, naming the field', async () => {
    const before = await head();
    const response = await graphql(
      running.baseUrl,
      `
        mutation {
          addAction(
            input: {
              planId: "p"
              actionId: "a1"
              priorityId: "nope"
              title: "t"
              owner: "o"
              due: "2017-09-30"
              occurredAt: { from: "2017-07", precision: "month" }
            }
          ) {
            revision
          }
        }
      `,
    );
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      rule: 'UNKNOWN_REFERENCE',
      problems: [{ field: 'priorityId' }],
    });
    const missingPlan = await graphql(
      running.baseUrl,
      `
        mutation {
          setPriority(input: { planId: "nowhere", priorityId: "x", title: "t", occurredAt: { from: "2017", precision: "year" } }) {
            revision
          }
        }
      `,
    );
    expect(missingPlan.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await head()).toBe(before);
  });

  it('refuses a bad cut, and answers NOT_FOUND for what is not on record', async () => {
    const badCut = await graphql(
      running.baseUrl,
      `
        {
          plan(id: "p", knownAt: "yesterday") {
            cut {
              knownAt
            }
          }
        }
      `,
    );
    expect(badCut.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'knownAt' }] });
    const badAsOf = await graphql(
      running.baseUrl,
      `
        {
          plan(id: "p", asOf: "2017-02-30") {
            cut {
              asOf
            }
          }
        }
      `,
    );
    expect(badAsOf.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'asOf' }] });
    const missing = await graphql(
      running.baseUrl,
      `
        {
          authority(laCode: "999") {
            cut {
              knownAt
            }
          }
        }
      `,
    );
    expect(missing.errors?.[0]).toMatchObject({ message: 'authority 999 not found', extensions: { code: 'NOT_FOUND' } });
    const beforeItExisted = await graphql(
      running.baseUrl,
      `
        {
          plan(id: "p", knownAt: "2000-01-01T00:00:00Z") {
            cut {
              knownAt
            }
          }
        }
      `,
    );
    expect(beforeItExisted.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
