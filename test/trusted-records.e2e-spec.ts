import { ManualClock } from '@plan-ledger/event-store';
import { graphql, RECORD_RESULT, type GraphqlResponse } from './support/graphql';
import type { Cut, HistoryEdges, RecordResult } from './support/graphql-types';

/** What a mutation selecting RECORD_RESULT answers: its result under the mutation's name, null when refused. */
type Mutated = GraphqlResponse<Record<string, RecordResult | null>>;
import { startApp, type RunningApp } from './support/running-app';

/**
 * Records that can be trusted, over HTTP against the real service: corrections under the same rules as new input,
 * one history for deciding and reading, the national register, dates and text bounds, backfilled visits.
 */
describe('records that can be trusted', () => {
  let running: RunningApp;
  const clock = new ManualClock('2026-11-24T09:00:00.000Z');
  const ids: Record<string, string> = {};

  const mutate = (name: string, inputType: string, input: Record<string, unknown>): Promise<Mutated> =>
    graphql<Record<string, RecordResult | null>>(
      running.baseUrl,
      `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${RECORD_RESULT} } }`,
      { input },
    );
  const recorded = async (name: string, inputType: string, input: Record<string, unknown>): Promise<string> => {
    const response = await mutate(name, inputType, input);
    if (response.errors) throw new Error(`${name} refused: ${response.raw}`);
    return response.data![name]!.events[0].eventId;
  };
  const headPosition = async (): Promise<string> =>
    (
      await graphql<{ authority: { cut: Pick<Cut, 'headPosition'> } }>(
        running.baseUrl,
        '{ authority(laCode: "885") { cut { headPosition } } }',
      )
    ).data!.authority.cut.headPosition;
  /** A refusal names the field and the rule, changes nothing, and never shows a stack trace. */
  const expectRefused = async (response: Mutated, field: string | RegExp, before: string): Promise<void> => {
    expect(response.data?.[Object.keys(response.data ?? {})[0]] ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
    const extensions = response.errors![0].extensions!;
    expect(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT']).toContain(extensions.code);
    const fields = (extensions.problems ?? []).map((p) => p.field);
    expect(fields.some((f) => (typeof field === 'string' ? f === field : field.test(f)))).toBe(true);
    expect((extensions.problems ?? []).every((p) => p.rule.length > 0)).toBe(true);
    expect(response.raw).not.toMatch(/\n\s+at /);
    expect(await headPosition()).toBe(before);
  };
  const day = (from: string) => ({ from, precision: 'day' });

  beforeAll(async () => {
    running = await startApp({ clock });
    await recorded('registerAuthority', 'RegisterAuthorityInput', {
      laCode: '885',
      name: 'Worcestershire',
      region: 'West Midlands',
      onsCode: 'E10000034',
      occurredAt: day('2016-10-24'),
    });
    ids.inspection = await recorded('recordInspection', 'RecordInspectionInput', {
      laCode: '885',
      inspectionId: 'sif-2016',
      framework: 'SIF',
      kind: 'standard',
      fieldwork: { start: '2016-10-24', end: '2016-11-17' },
      inspectors: [],
      judgements: [{ area: 'children who need help and protection', judgement: 'inadequate' }],
      overall: 'inadequate',
      occurredAt: { from: '2016-10-24', to: '2016-11-17', precision: 'day' },
    });
    await recorded('createPlan', 'CreatePlanInput', {
      planId: 'wcs',
      laCode: '885',
      title: 'Improvement plan',
      kind: 'improvement plan',
      respondsTo: 'sif-2016',
      occurredAt: day('2017-06-01'),
    });
    ids.frontDoor = await recorded('setPriority', 'SetPriorityInput', {
      planId: 'wcs',
      priorityId: 'front-door',
      title: 'Family Front Door',
      occurredAt: day('2017-06-01'),
    });
    ids.grade = await recorded('gradeProgress', 'GradeProgressInput', {
      planId: 'wcs',
      target: 'priority',
      targetId: 'front-door',
      grade: 'amber',
      gradedBy: 'board',
      occurredAt: day('2017-07-01'),
    });
    ids.indicator = await recorded('defineIndicator', 'DefineIndicatorInput', {
      planId: 'wcs',
      indicatorId: 'timely',
      name: 'Initial conferences in timescale',
      unit: 'percent',
      occurredAt: day('2017-06-01'),
    });
  });
  afterAll(() => running.stop());

  describe('corrections obey the rules of new input', () => {
    const correct = (streamId: string, eventId: string, changes: Record<string, unknown>) =>
      mutate('correctEvent', 'CorrectEventInput', { streamId, eventId, changes, reason: 'typing error' });

    it.each([
      ['a grade purple', 'grade', { grade: 'purple' }, 'changes.grade'],
      ['a grade target that does not exist', 'grade', { targetId: 'nothing' }, 'changes.targetId'],
      ['900 KB of evidence', 'grade', { evidence: 'x'.repeat(900_000) }, /^(changes\.evidence|changes|input)/],
      ['an overall judgement "excellent"', 'inspection', { overall: 'excellent' }, 'changes.overall'],
      ['inspectors "not a list"', 'inspection', { inspectors: 'not a list' }, 'changes.inspectors'],
      [
        'a fieldwork end before its start',
        'inspection',
        { fieldwork: { start: '2016-11-17', end: '2016-10-24' } },
        'changes.fieldwork.end',
      ],
    ])('refuses %s, naming the field, recording nothing', async (_, target, changes, field) => {
      const before = await headPosition();
      const streamId = target === 'inspection' ? 'authority-885' : 'plan-wcs';
      await expectRefused(await correct(streamId, ids[target], changes), field, before);
    });

    it('corrects a correction and retracts it, and the plan view follows each step', async () => {
      const grade = async () =>
        (
          await graphql<{ plan: { plan: { priorities: { priorityId: string; latestGrade: { grade: string } | null }[] } } }>(
            running.baseUrl,
            '{ plan(id: "wcs") { plan { priorities { priorityId latestGrade { grade } } } } }',
          )
        ).data!.plan.plan.priorities[0].latestGrade!.grade;
      const toGreen = await recorded('correctEvent', 'CorrectEventInput', {
        streamId: 'plan-wcs',
        eventId: ids.grade,
        changes: { grade: 'green' },
        reason: 'the board minuted green',
      });
      expect(await grade()).toBe('green');
      const toRed = await recorded('correctEvent', 'CorrectEventInput', {
        streamId: 'plan-wcs',
        eventId: toGreen,
        changes: { changes: { grade: 'red' } },
        reason: 'the minutes were amended: red',
      });
      expect(await grade()).toBe('red');
      await recorded('retractEvent', 'RetractEventInput', { streamId: 'plan-wcs', eventId: toRed, reason: 'the amendment was withdrawn' });
      expect(await grade()).toBe('green');
    });
  });

  describe('the decider and the views see one history', () => {
    it('refuses an action under a retracted priority, shows no such priority, and lets it be set again', async () => {
      await recorded('setPriority', 'SetPriorityInput', {
        planId: 'wcs',
        priorityId: 'mash',
        title: 'MASH',
        occurredAt: day('2017-06-02'),
      });
      const edges = (
        await graphql<HistoryEdges<{ eventId: string; type: string; data: { priorityId?: string } }>>(
          running.baseUrl,
          '{ history(streamId: "plan-wcs", first: 100) { edges { node { eventId type data } } } }',
        )
      ).data!.history.edges;
      const mash = edges.find((e) => e.node.type === 'PrioritySet' && e.node.data.priorityId === 'mash')!.node.eventId;
      await recorded('retractEvent', 'RetractEventInput', {
        streamId: 'plan-wcs',
        eventId: mash,
        reason: 'entered against the wrong plan',
      });
      const before = await headPosition();
      await expectRefused(
        await mutate('addAction', 'AddActionInput', {
          planId: 'wcs',
          actionId: 'triage',
          priorityId: 'mash',
          title: 'Triage',
          owner: 'Head of MASH',
          due: '2027-01-31',
          occurredAt: day('2026-11-24'),
        }),
        'priorityId',
        before,
      );
      const view = await graphql<{ plan: { plan: { priorities: { priorityId: string }[] } } }>(
        running.baseUrl,
        '{ plan(id: "wcs") { plan { priorities { priorityId } } } }',
      );
      expect(view.data!.plan.plan.priorities.map((p: { priorityId: string }) => p.priorityId)).not.toContain('mash');
      await recorded('setPriority', 'SetPriorityInput', {
        planId: 'wcs',
        priorityId: 'mash',
        title: 'MASH',
        occurredAt: day('2017-06-02'),
      });
    });
  });

  describe('the register is the truth about councils', () => {
    it.each([
      ['council 999 "Atlantis" in region "Narnia"', { laCode: '999', name: 'Atlantis', region: 'Narnia' }, /^(laCode|name|region)$/],
      [
        '370 registered as "Wigan" (the register says Barnsley)',
        { laCode: '370', name: 'Wigan', region: 'Yorkshire and The Humber' },
        'name',
      ],
      ['la code 000', { laCode: '000', name: 'Nowhere', region: 'North West' }, 'laCode'],
      ['a name holding a right-to-left override', { laCode: '344', name: 'Wir\u202Eral', region: 'North West' }, 'name'],
      ['a name holding NUL', { laCode: '344', name: 'Wir\u0000ral', region: 'North West' }, 'name'],
      ['a name holding ESC', { laCode: '344', name: 'Wir\u001Bral', region: 'North West' }, 'name'],
      ['a name holding BEL', { laCode: '344', name: 'Wir\u0007ral', region: 'North West' }, 'name'],
    ])('refuses %s', async (_, input, field) => {
      const before = await headPosition();
      await expectRefused(
        await mutate('registerAuthority', 'RegisterAuthorityInput', { ...input, occurredAt: day('2016-09-01') }),
        field,
        before,
      );
    });

    it('registers North Northamptonshire, formed in the 2021 reorganisation, as the register has it', async () => {
      await recorded('registerAuthority', 'RegisterAuthorityInput', {
        laCode: '940',
        name: 'North Northamptonshire',
        region: 'East Midlands',
        occurredAt: day('2021-04-01'),
      });
    });

    it('registers a council the register does not hold only with an explicit reason', async () => {
      const council = { laCode: '960', name: 'Vale of Somewhere', region: 'South West', occurredAt: day('2026-04-01') };
      await expectRefused(await mutate('registerAuthority', 'RegisterAuthorityInput', council), /^(laCode|name)$/, await headPosition());
      await recorded('registerAuthority', 'RegisterAuthorityInput', {
        ...council,
        newAuthorityReason: 'formed by the 2026 reorganisation; not yet in the national register',
      });
    });

    it('refuses a plan for a council never registered, and plans whose references name nothing', async () => {
      const before = await headPosition();
      const plan = { planId: 'p-x', title: 'Plan', kind: 'improvement plan', occurredAt: day('2020-01-01') };
      await expectRefused(await mutate('createPlan', 'CreatePlanInput', { ...plan, laCode: '344' }), 'laCode', before);
      await expectRefused(
        await mutate('createPlan', 'CreatePlanInput', { ...plan, laCode: '885', respondsTo: 'nothing' }),
        'respondsTo',
        before,
      );
      await expectRefused(
        await mutate('createPlan', 'CreatePlanInput', { ...plan, laCode: '885', supersedes: 'nothing' }),
        'supersedes',
        before,
      );
    });
  });

  describe('dates, numbers and lists have bounds', () => {
    const visit = (number: number, start: string) => ({
      laCode: '885',
      visitId: `mv-${number}`,
      number,
      follows: 'sif-2016',
      fieldwork: { start, end: start },
      inspectors: [],
      areasCovered: [],
      occurredAt: day(start),
    });

    it.each([
      ['a monitoring visit dated 2099', visit(1, '2099-01-10'), /^(fieldwork\.start|occurredAt\.from)$/],
      ['fieldwork in 1800', visit(1, '1800-01-10'), /^(fieldwork\.start|occurredAt\.from)$/],
      ['fieldwork in year 0000', visit(1, '0000-01-10'), /^(fieldwork\.start|occurredAt\.from)$/],
    ])('refuses %s', async (_, input, field) => {
      const before = await headPosition();
      await expectRefused(await mutate('logMonitoringVisit', 'LogMonitoringVisitInput', input), field, before);
    });

    it('refuses a percentage of -500', async () => {
      const before = await headPosition();
      await expectRefused(
        await mutate('measureIndicator', 'MeasureIndicatorInput', {
          planId: 'wcs',
          indicatorId: 'timely',
          value: -500,
          at: '2018-09-05',
          occurredAt: day('2018-09-05'),
        }),
        'value',
        before,
      );
    });

    it('refuses 200 list items of 5 KB', async () => {
      const before = await headPosition();
      await expectRefused(
        await mutate('recordFindings', 'RecordFindingsInput', {
          laCode: '885',
          findingsId: 'f-1',
          regarding: 'sif-2016',
          recommendations: Array.from({ length: 200 }, () => 'x'.repeat(5_000)),
          occurredAt: day('2017-01-24'),
        }),
        /^recommendations/,
        before,
      );
    });

    it('records visit 3 after visit 7 (a backfill), and refuses a visit 3 dated after visit 7', async () => {
      await recorded('logMonitoringVisit', 'LogMonitoringVisitInput', visit(7, '2018-09-04'));
      await recorded('logMonitoringVisit', 'LogMonitoringVisitInput', visit(3, '2017-09-12'));
      const before = await headPosition();
      await expectRefused(await mutate('logMonitoringVisit', 'LogMonitoringVisitInput', { ...visit(4, '2018-10-01') }), 'number', before);
    });
  });

  describe('holes found by attacking it, closed', () => {
    const correct = (streamId: string, eventId: string, changes: Record<string, unknown>) =>
      mutate('correctEvent', 'CorrectEventInput', { streamId, eventId, changes, reason: 'typing error' });
    const eventIdOf = async (streamId: string, type: string, match: (data: Record<string, unknown>) => boolean = () => true) => {
      const answer = await graphql<HistoryEdges<{ eventId: string; type: string; data: Record<string, unknown> }>>(
        running.baseUrl,
        `{ history(streamId: "${streamId}", first: 100) { edges { node { eventId type data } } } }`,
      );
      if (!answer.data) throw new Error(answer.raw);
      return answer.data.history.edges.map((e) => e.node).find((n) => n.type === type && match(n.data))!.eventId;
    };

    it('refuses a correction that adds a field named type, directly or through a correction of a correction', async () => {
      const before = await headPosition();
      await expectRefused(await correct('plan-wcs', ids.frontDoor, { type: 'ActionAdded' }), 'changes.type', before);
      const fix = await recorded('correctEvent', 'CorrectEventInput', {
        streamId: 'plan-wcs',
        eventId: ids.frontDoor,
        changes: { title: 'Family Front Door (FFD)' },
        reason: 'full name',
      });
      const after = await headPosition();
      await expectRefused(await correct('plan-wcs', fix, { changes: { type: 'X' } }), /^changes/, after);
    });

    it.each([
      ['a business date tomorrow', { occurredAt: { from: '2026-11-25', precision: 'day' } }],
      ['a month 13', { occurredAt: { from: '2017-13', precision: 'month' } }],
      ['a business date that is not one', { occurredAt: 'garbage' }],
      ['no reason', { reason: null }],
      ['changes that are text', { changes: 'str' }],
      ['changes that are a list', { changes: [1] }],
    ])('refuses a correction of a correction giving it %s', async (name, changes) => {
      const fix = await recorded('correctEvent', 'CorrectEventInput', {
        streamId: 'plan-wcs',
        eventId: ids.grade,
        changes: { evidence: `minutes of the July board (${name})` },
        reason: 'evidence added',
      });
      const before = await headPosition();
      await expectRefused(await correct('plan-wcs', fix, changes), /^changes/, before);
    });

    it("refuses to retract a council's registration while its plans rely on it, or the inspection a plan responds to", async () => {
      const before = await headPosition();
      const registration = await eventIdOf('authority-885', 'AuthorityRegistered');
      await expectRefused(
        await mutate('retractEvent', 'RetractEventInput', { streamId: 'authority-885', eventId: registration, reason: 'x' }),
        'eventId',
        before,
      );
      await expectRefused(
        await mutate('retractEvent', 'RetractEventInput', { streamId: 'authority-885', eventId: ids.inspection, reason: 'x' }),
        'eventId',
        before,
      );
      await expectRefused(await correct('authority-885', ids.inspection, { inspectionId: 'sif-2016-renamed' }), 'eventId', before);
    });

    it('refuses to change the id that names the stream: a plan id, a council code', async () => {
      const before = await headPosition();
      const created = await eventIdOf('plan-wcs', 'PlanCreated');
      await expectRefused(await correct('plan-wcs', created, { planId: 'other' }), 'changes.planId', before);
      const registration = await eventIdOf('authority-885', 'AuthorityRegistered');
      await expectRefused(
        await correct('authority-885', registration, { laCode: '206', name: 'Islington', onsCode: 'E09000019' }),
        /^changes\.laCode$/,
        before,
      );
    });

    it('refuses plans that supersede each other in a circle, and retracting a plan another supersedes', async () => {
      await recorded('createPlan', 'CreatePlanInput', {
        planId: 'wcs-2',
        laCode: '885',
        title: 'Second plan',
        kind: 'improvement plan',
        supersedes: 'wcs',
        occurredAt: day('2018-01-01'),
      });
      const before = await headPosition();
      const created = await eventIdOf('plan-wcs', 'PlanCreated');
      await expectRefused(await correct('plan-wcs', created, { supersedes: 'wcs-2' }), 'changes.supersedes', before);
      await expectRefused(
        await mutate('retractEvent', 'RetractEventInput', { streamId: 'plan-wcs', eventId: created, reason: 'x' }),
        'eventId',
        before,
      );
      const plan = await graphql<{ plan: { plan: { status: string; supersededBy: string | null } } }>(
        running.baseUrl,
        '{ plan(id: "wcs") { plan { status supersededBy } } }',
      );
      expect(plan.data!.plan.plan).toEqual({ status: 'superseded', supersededBy: 'wcs-2' });
    });

    it('refuses a monitoring visit that follows nothing on record', async () => {
      const before = await headPosition();
      await expectRefused(
        await mutate('logMonitoringVisit', 'LogMonitoringVisitInput', {
          laCode: '885',
          visitId: 'mv-x',
          number: 1,
          follows: 'nope',
          inspectors: [],
          areasCovered: [],
          occurredAt: day('2017-03-01'),
        }),
        'follows',
        before,
      );
    });

    it.each([
      ['a Cyrillic letter', 'L\u0430mbeth'],
      ['a zero-width space', 'Lam\u200Bbeth'],
      ['full-width letters', '\uFF2C\uFF41\uFF4D\uFF42\uFF45\uFF54\uFF48'],
      ['a council of the register in other words', 'London Borough of Lambeth'],
      ['a council of the register with "Council"', 'Lambeth Council'],
    ])('refuses a new authority whose name is a registered council with %s', async (_, name) => {
      const before = await headPosition();
      await expectRefused(
        await mutate('registerAuthority', 'RegisterAuthorityInput', {
          laCode: '990',
          name,
          region: 'London',
          newAuthorityReason: 'new',
          occurredAt: day('2026-04-01'),
        }),
        'name',
        before,
      );
    });

    it('refuses 2,000 levels of nesting with a named refusal, not an internal error', async () => {
      const before = await headPosition();
      let deep: unknown = 1;
      for (let i = 0; i < 2000; i++) deep = [deep];
      await expectRefused(await correct('plan-wcs', ids.frontDoor, { description: deep }), /^(input|changes)/, before);
    });

    it('names changes.laCode when a correction gives a council code that is not one', async () => {
      const before = await headPosition();
      const created = await eventIdOf('plan-wcs', 'PlanCreated');
      await expectRefused(await correct('plan-wcs', created, { laCode: ' ' }), 'changes.laCode', before);
    });

    it('refuses corrections that change nothing, and ids holding invisible characters', async () => {
      const before = await headPosition();
      await expectRefused(await correct('plan-wcs', ids.frontDoor, { nothing: null }), 'changes.nothing', before);
      await expectRefused(await correct('plan-wcs', ids.grade, { gradedBy: 'board' }), 'changes', before);
      await expectRefused(
        await mutate('setPriority', 'SetPriorityInput', {
          planId: 'wcs',
          priorityId: 'd8\u200D',
          title: 'Looks like d8',
          occurredAt: day('2017-06-01'),
        }),
        'priorityId',
        before,
      );
    });
  });
});
