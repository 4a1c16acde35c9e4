import { QueryBus } from '@nestjs/cqrs';
import { PlansQuery } from '../apps/api/src/queries/portfolio-queries';
import { graphql } from './support/graphql';
import { startApp, type RunningApp } from './support/running-app';

/**
 * The commissioners' questions over the demo journeys (Worcestershire 885, Wirral 344): plans across councils with their
 * progress, actions across the portfolio, Relay paging both ways, region by the register's name or code, and the
 * stream revision to write next.
 */
interface Edge<T> {
  cursor: string;
  node: T;
}
interface Connection<T> {
  edges: Edge<T>[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  cut: { answeredFrom: string; headPosition: string };
}
type PlanNode = { planId: string; laCode: string; revision: string; progress: { openActions: number; overdueActions: number } };
type ActionNode = { actionId: string; planId: string; laCode: string; due: string; status: string; overdue: boolean; owner: string };

const PAGE = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount cut { answeredFrom headPosition }';

describe('the portfolio: plans and actions across councils', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
  }, 120_000);
  afterAll(async () => running?.stop());

  const plans = async (args: string) =>
    graphql<{ plans: Connection<PlanNode> }>(
      running.baseUrl,
      `{ plans(${args}) { edges { cursor node { planId laCode revision progress { openActions overdueActions priorities { grade count } } } } ${PAGE} } }`,
    );
  const actions = async (args: string) =>
    graphql<{ actions: Connection<ActionNode> }>(
      running.baseUrl,
      `{ actions(${args}) { edges { cursor node { actionId planId laCode due status overdue owner } } ${PAGE} } }`,
    );

  it('given the demo, when plans are paged forwards one at a time, then every plan comes once, in order, from the read model', async () => {
    const all = await plans('first: 20');
    expect(all.errors).toBeUndefined();
    expect(all.data!.plans.cut.answeredFrom).toBe('read model');
    const ids = all.data!.plans.edges.map((e) => e.node.planId);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof plans>> = await plans(`first: 1${after ? `, after: "${after}"` : ''}`);
      seen.push(...page.data!.plans.edges.map((e) => e.node.planId));
      expect(page.data!.plans.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.data!.plans.pageInfo.hasNextPage) break;
      after = page.data!.plans.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
  });

  it('given the demo, when plans are paged backwards with last/before, then the pages are the list from the end', async () => {
    const ids = (await plans('first: 20')).data!.plans.edges.map((e) => e.node.planId);
    const lastTwo = await plans('last: 2');
    expect(lastTwo.data!.plans.edges.map((e) => e.node.planId)).toEqual(ids.slice(-2));
    expect(lastTwo.data!.plans.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await plans(`last: 1, before: "${lastTwo.data!.plans.pageInfo.startCursor}"`);
    expect(before.data!.plans.edges.map((e) => e.node.planId)).toEqual([ids[ids.length - 3]]);
  });

  it.each([
    ['plans', 'first: 2, after: "zzz"'],
    ['plans', 'last: 2, before: "bm90LWEtcGxhbg"'],
    ['actions', 'first: 2, after: "zzz"'],
    ['authorities', 'first: 2, after: "zzz"'],
    ['authorities', 'last: 2, before: "abc"'],
  ])('given a cursor this list never gave, when %s(%s) is asked, then BAD_USER_INPUT names the argument', async (field, args) => {
    const response = await graphql(running.baseUrl, `{ ${field}(${args}) { totalCount } }`);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].extensions?.problems?.[0].field).toMatch(/^(after|before)$/);
  });

  it.each(['North West', 'north west', 'NW', 'nw'])(
    'given region %p, when plans and councils are filtered, then Wirral is found',
    async (region) => {
      const everyone = await graphql<{ authorities: { edges: { node: { laCode: string; region: string; planIds: string[] } }[] } }>(
        running.baseUrl,
        '{ authorities(first: 20) { edges { node { laCode region planIds } } } }',
      );
      const northWest = everyone.data!.authorities.edges.map((e) => e.node).filter((c) => c.region === 'North West');
      expect(northWest.map((c) => c.laCode)).toContain('344');
      const byRegion = await plans(`first: 20, filter: { region: "${region}" }`);
      expect(byRegion.errors).toBeUndefined();
      expect(byRegion.data!.plans.edges.map((e) => e.node.planId).sort()).toEqual(northWest.flatMap((c) => c.planIds).sort());
      const councils = await graphql<{ authorities: { edges: { node: { laCode: string } }[] } }>(
        running.baseUrl,
        `{ authorities(region: "${region}") { edges { node { laCode } } } }`,
      );
      expect(councils.data!.authorities.edges.map((e) => e.node.laCode)).toEqual(northWest.map((c) => c.laCode));
    },
  );

  it('given a region the register does not have, when plans are filtered, then BAD_USER_INPUT lists the regions', async () => {
    const response = await plans('filter: { region: "Narnia" }');
    expect(response.errors?.[0].extensions?.problems?.[0]).toMatchObject({
      field: 'region',
      rule: expect.stringMatching(/North West \(NW\)/),
    });
  });

  it('given an open action past due, when overdue actions are asked across the portfolio, then exactly the open ones past due come, by due date', async () => {
    const added = await graphql(
      running.baseUrl,
      `
        mutation ($input: AddActionInput!) {
          addAction(input: $input) {
            revision
          }
        }
      `,
      {
        input: {
          planId: 'worcestershire-2017-06',
          actionId: 'portfolio-overdue',
          priorityId: 'family-front-door',
          title: 'Audit of step-down decisions',
          owner: 'Head of Safeguarding',
          due: '2020-01-31',
          occurredAt: { from: '2019-11', precision: 'month' },
        },
      },
    );
    expect(added.errors).toBeUndefined();
    const all = (await actions('first: 50')).data!.actions.edges.map((e) => e.node);
    const today = new Date().toISOString().slice(0, 10);
    const expected = all.filter((a) => a.status === 'open' && a.due < today);
    expect(expected.length).toBeGreaterThan(0);
    const overdue = (await actions('first: 50, filter: { overdue: true }')).data!.actions.edges.map((e) => e.node);
    expect(overdue.map((a) => `${a.planId}/${a.actionId}`).sort()).toEqual(expected.map((a) => `${a.planId}/${a.actionId}`).sort());
    expect(overdue.every((a) => a.overdue)).toBe(true);
    expect(overdue.map((a) => a.due)).toEqual([...overdue.map((a) => a.due)].sort());
    const owner = expected[0].owner;
    const byOwner = (await actions(`first: 50, filter: { owner: ${JSON.stringify(owner.toUpperCase())} }`)).data!.actions.edges.map(
      (e) => e.node,
    );
    expect(byOwner.length).toBeGreaterThan(0);
    expect(byOwner.every((a) => a.owner.toLowerCase() === owner.toLowerCase())).toBe(true);
    const early = (await actions('first: 50, filter: { dueBefore: "2017-01-01" }')).data!.actions.edges.map((e) => e.node);
    expect(early.every((a) => a.due < '2017-01-01')).toBe(true);
  });

  it("given a plan, when listed, then its revision is its stream's last and a write with it as expectedRevision is accepted", async () => {
    const plan = (await plans('first: 1, filter: { laCode: "885" }')).data!.plans.edges[0].node;
    const history = await graphql<{ history: { totalCount: number } }>(
      running.baseUrl,
      `
        query ($s: String!) {
          history(streamId: $s) {
            totalCount
          }
        }
      `,
      { s: `plan-${plan.planId}` },
    );
    expect(plan.revision).toBe(String(history.data!.history.totalCount - 1));
    const written = await graphql(
      running.baseUrl,
      `
        mutation ($input: HoldBoardMeetingInput!) {
          holdBoardMeeting(input: $input) {
            revision
          }
        }
      `,
      {
        input: {
          planId: plan.planId,
          meetingId: 'portfolio-check',
          decisions: [],
          occurredAt: { from: '2017-02', precision: 'month' },
          expectedRevision: plan.revision,
        },
      },
    );
    expect(written.errors).toBeUndefined();
    const after = (await plans('first: 1, filter: { laCode: "885" }')).data!.plans.edges[0].node;
    expect(BigInt(after.revision)).toBe(BigInt(plan.revision) + 1n);
  });

  it('given grades and a correction, when the grade history of a priority is asked, then it is the trend with the correction marked', async () => {
    const record = async (mutation: string, input: Record<string, unknown>) => {
      const response = await graphql<Record<string, { events: { eventId: string }[] }>>(
        running.baseUrl,
        `mutation ($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { events { eventId } } }`,
        { input },
      );
      expect(response.errors).toBeUndefined();
      return response.data![mutation].events[0].eventId;
    };
    const grade = (value: string, month: string) =>
      record('gradeProgress', {
        planId: 'worcestershire-2017-06',
        target: 'priority',
        targetId: 'family-front-door',
        grade: value,
        gradedBy: 'board',
        occurredAt: { from: month, precision: 'month' },
      });
    await grade('red', '2017-09');
    const october = await grade('red', '2017-10');
    await grade('amber', '2017-11');
    await record('correctEvent', {
      streamId: 'plan-worcestershire-2017-06',
      eventId: october,
      changes: { grade: 'amber' },
      reason: 'the minutes say amber',
    });
    const history = await graphql<{
      gradeHistory: { grades: { grade: string; eventId: string; occurredAt: { from: string }; corrections: { reason: string }[] }[] };
    }>(
      running.baseUrl,
      '{ gradeHistory(planId: "worcestershire-2017-06", target: "priority", targetId: "family-front-door") { grades { grade eventId occurredAt { from } corrections { reason } } } }',
    );
    expect(history.errors).toBeUndefined();
    const tail = history.data!.gradeHistory.grades.filter((g) => g.occurredAt.from >= '2017-09');
    expect(tail.map((g) => [g.occurredAt.from, g.grade, g.corrections.map((c) => c.reason)])).toEqual([
      ['2017-09', 'red', []],
      ['2017-10', 'amber', ['the minutes say amber']],
      ['2017-11', 'amber', []],
    ]);

    const since = new Date(Date.now() - 60_000).toISOString();
    const changes = await graphql<{ changesSince: { words: string }[] }>(
      running.baseUrl,
      `{ changesSince(laCode: "885", since: "${since}") { words } }`,
    );
    expect(changes.errors).toBeUndefined();
    expect(changes.data!.changesSince.map((c) => c.words).join('\n')).toMatch(/grade red → amber/);
  });

  it("given the demo, when councils are listed with their plans, then each council's plans are those plans(filter: { laCode }) gives, read in one question", async () => {
    const bus = running.app.get(QueryBus);
    const execute = bus.execute.bind(bus);
    let plansQuestions = 0;
    const counting = (query: Parameters<typeof execute>[0]) => {
      if (query instanceof PlansQuery) plansQuestions++;
      return execute(query);
    };
    bus.execute = counting as typeof bus.execute;
    let nested;
    try {
      nested = await graphql<{ authorities: { edges: { node: { laCode: string; plans: PlanNode[] } }[] } }>(
        running.baseUrl,
        '{ authorities(first: 50) { edges { node { laCode plans { planId laCode revision progress { openActions overdueActions priorities { grade count } } } } } } }',
      );
    } finally {
      bus.execute = execute;
    }
    expect(nested.errors).toBeUndefined();
    expect(plansQuestions).toBe(1);
    const councils = nested.data!.authorities.edges.map((e) => e.node);
    expect(councils.length).toBeGreaterThanOrEqual(3);
    for (const council of councils) {
      const alone = await plans(`filter: { laCode: "${council.laCode}" }, first: 100`);
      expect(council.plans).toEqual(alone.data!.plans.edges.map((e) => e.node));
    }
    expect(councils.find((c) => c.laCode === '885')!.plans.length).toBeGreaterThanOrEqual(3);
  });

  it('given an asOf cut, when a council is asked for its plans, then each is folded as of that date, as plan(id, asOf) gives it', async () => {
    const asOf = '2017-08-01';
    const answer = await graphql<{ authority: { authority: { plans: (PlanNode & { status: string })[] } } }>(
      running.baseUrl,
      `{ authority(laCode: "885", asOf: "${asOf}") { authority { plans { planId laCode revision status progress { openActions overdueActions priorities { grade count } } } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const listed = answer.data!.authority.authority.plans;
    // Worcestershire's October 2017 plan was not yet made on 1 August 2017; the June one was open, not yet superseded.
    expect(listed.map((p) => p.planId)).toEqual(['worcestershire-2016-12', 'worcestershire-2017-06']);
    expect(listed.find((p) => p.planId === 'worcestershire-2017-06')!.status).toBe('open');
    for (const plan of listed) {
      const alone = await graphql<{ plan: { plan: { status: string; actions: { status: string; due: string }[] } } }>(
        running.baseUrl,
        `{ plan(id: "${plan.planId}", asOf: "${asOf}") { plan { status actions { status due } } } }`,
      );
      expect(plan.status).toBe(alone.data!.plan.plan.status);
      expect(plan.progress.openActions).toBe(alone.data!.plan.plan.actions.filter((a) => a.status === 'open').length);
    }
  });

  it('given plans with measurements and meetings, when a plan is asked for them through fragments, then the read model answers them as the fold does', async () => {
    type PlanAnswer = {
      plan: {
        cut: { answeredFrom: string };
        plan: {
          planId: string;
          indicators: { indicatorId: string; measurements?: { value: number; at: string }[] }[];
          boardMeetings?: { meetingId: string }[];
        };
      };
    };
    const ask = (id: string, cut: string, selection: string) =>
      graphql<PlanAnswer>(
        running.baseUrl,
        `${selection.includes('Measured') ? 'fragment Measured on Indicator { measurements { value at } }' : ''}
         query ($id: String!) { plan(id: $id${cut}) { cut { answeredFrom } plan { planId indicators { indicatorId ${selection.includes('Measured') ? '...Measured' : ''} } ${selection.includes('Meetings') ? '... on Plan { boardMeetings { meetingId } }' : ''} } } }`,
        { id },
      );
    const listed = await plans('first: 20');
    const today = new Date().toISOString().slice(0, 10);
    let measured = 0;
    for (const { node } of listed.data!.plans.edges) {
      const fromModel = await ask(node.planId, '', 'Measured Meetings');
      const folded = await ask(node.planId, `, asOf: "${today}"`, 'Measured Meetings');
      expect(fromModel.errors).toBeUndefined();
      expect(fromModel.data!.plan.cut.answeredFrom).toBe('read model');
      expect(folded.data!.plan.cut.answeredFrom).toBe('fold');
      expect(fromModel.data!.plan.plan).toEqual(folded.data!.plan.plan);
      measured +=
        fromModel.data!.plan.plan.indicators.reduce((n, i) => n + i.measurements!.length, 0) +
        fromModel.data!.plan.plan.boardMeetings!.length;
      // Asked without them, the rest of the answer is the same.
      const lean = await ask(node.planId, '', '');
      expect(lean.data!.plan.plan.indicators.map((i) => i.indicatorId)).toEqual(
        fromModel.data!.plan.plan.indicators.map((i) => i.indicatorId),
      );
    }
    expect(measured).toBeGreaterThan(0);
  });

  it('given the demo, when a council is asked, then its latest monitoring visit and the days since are given at the cut', async () => {
    const council = await graphql<{
      authority: {
        authority: {
          visits: { kind: string; occurredAt: { from: string } }[];
          latestMonitoringVisit: { occurredAt: { from: string } } | null;
          daysSinceLatestMonitoringVisit: number | null;
        };
      };
    }>(
      running.baseUrl,
      '{ authority(laCode: "885", asOf: "2018-01-01") { authority { visits { kind occurredAt { from } } latestMonitoringVisit { occurredAt { from } } daysSinceLatestMonitoringVisit } } }',
    );
    expect(council.errors).toBeUndefined();
    const { visits, latestMonitoringVisit, daysSinceLatestMonitoringVisit } = council.data!.authority.authority;
    const monitoring = visits
      .filter((v) => v.kind === 'monitoring visit')
      .map((v) => v.occurredAt.from)
      .sort();
    expect(monitoring.length).toBeGreaterThan(0);
    expect(latestMonitoringVisit?.occurredAt.from).toBe(monitoring[monitoring.length - 1]);
    expect(daysSinceLatestMonitoringVisit).toBeGreaterThan(0);
    expect(daysSinceLatestMonitoringVisit).toBeLessThan(366);
  });
});
