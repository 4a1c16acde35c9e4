import { ManualClock } from '@plan-ledger/event-store';
import { graphql, RECORD_RESULT } from './support/graphql';
import type { Cut, Recorded } from './support/graphql-types';
import { startApp, type RunningApp } from './support/running-app';
import { registerWorcestershire } from './support/council';

const GRADE = `mutation ($input: GradeProgressInput!) { gradeProgress(input: $input) { ${RECORD_RESULT} } }`;
const PLAN = `query ($knownAt: String) { plan(id: "p1", knownAt: $knownAt) { cut { knownAt asOf headPosition } plan { latestPlanGrade { grade } } } }`;
const YEAR = 365 * 24 * 60 * 60 * 1000;
/** What PLAN answers. */
type PlanAnswer = { plan: { cut: Cut; plan: { latestPlanGrade: { grade: string } | null } } };

describe('a clock stepped forward and back cannot hide writes', () => {
  let running: RunningApp;
  const clock = new ManualClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    running = await startApp({ clock });
    await registerWorcestershire(running.baseUrl);
  });
  afterAll(() => running.stop());

  const health = async () => {
    const response = await fetch(`${running.baseUrl}/health`);
    return { status: response.status, body: (await response.json()) as { status: string; clock?: unknown } };
  };
  const gradePlan = async (grade: string, month: string) => {
    const answer = await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, {
      input: { planId: 'p1', target: 'plan', grade, gradedBy: 'board', occurredAt: { from: month, precision: 'month' } },
    });
    expect(answer.errors).toBeUndefined();
    return answer.data!.gradeProgress.events[0];
  };

  it('reads to the head of the log by default, cuts at knownAt when asked, and reports degraded health while the clock is behind', async () => {
    const created = await graphql<{ createPlan: { revision: string } }>(
      running.baseUrl,
      `
        mutation ($input: CreatePlanInput!) {
          createPlan(input: $input) {
            revision
          }
        }
      `,
      {
        input: {
          planId: 'p1',
          laCode: '885',
          title: 'Priority plan',
          kind: 'priority plan',
          occurredAt: { from: '2026-01', precision: 'month' },
        },
      },
    );
    expect(created.errors).toBeUndefined();
    expect((await gradePlan('red', '2026-01')).recordedAt).toBe('2026-03-02T09:00:00.000Z');
    expect((await health()).body.status).toBe('ok');

    clock.advance(YEAR); // the clock runs a year ahead for one write...
    expect((await gradePlan('blue', '2026-02')).recordedAt).toBe('2027-03-02T09:00:00.000Z');
    clock.set('2026-03-02T09:05:00.000Z'); // ...and is set right
    // recordedAt never goes backwards: this write, and every later one until the clock catches up, carry the future time.
    expect((await gradePlan('green', '2026-03')).recordedAt).toBe('2027-03-02T09:00:00.000Z');

    const byDefault = await graphql<PlanAnswer>(running.baseUrl, PLAN);
    expect(byDefault.errors).toBeUndefined();
    expect(byDefault.data!.plan).toEqual({
      cut: { knownAt: '2027-03-02T09:00:00.000Z', asOf: null, headPosition: '5' },
      plan: { latestPlanGrade: { grade: 'green' } },
    });
    const history = await graphql<{ history: { totalCount: number; cut: Pick<Cut, 'headPosition'> } }>(
      running.baseUrl,
      `
        {
          history(streamId: "plan-p1") {
            totalCount
            cut {
              headPosition
            }
          }
        }
      `,
    );
    expect(history.data!.history).toEqual({ totalCount: 4, cut: { headPosition: '5' } });

    // Asked as known at the (corrected) wall clock, the answer is cut there, as before: only red was recorded by then.
    const atNow = await graphql<PlanAnswer>(running.baseUrl, PLAN, { knownAt: '2026-03-02T09:05:00Z' });
    expect(atNow.data!.plan).toEqual({
      cut: { knownAt: '2026-03-02T09:05:00.000Z', asOf: null, headPosition: '3' },
      plan: { latestPlanGrade: { grade: 'red' } },
    });
    // The default answer's cut, asked again, gives the same answer.
    const again = await graphql<PlanAnswer>(running.baseUrl, PLAN, { knownAt: byDefault.data!.plan.cut.knownAt });
    expect(again.data!.plan.plan).toEqual(byDefault.data!.plan.plan);

    const degraded = await health();
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({
      status: 'degraded',
      headPosition: '5',
      store: { kind: 'sqlite' },
      notary: { alarms: [] },
      clock: { now: '2026-03-02T09:05:00.000Z', lastRecordedAt: '2027-03-02T09:00:00.000Z' },
    });

    clock.set('2027-03-02T09:00:00.001Z'); // the clock catches up
    const recovered = await health();
    expect(recovered.body.status).toBe('ok');
    expect(recovered.body.clock).toBeUndefined();
    expect((await gradePlan('amber', '2026-04')).recordedAt).toBe('2027-03-02T09:00:00.001Z');
    expect((await graphql<PlanAnswer>(running.baseUrl, PLAN)).data!.plan.plan).toEqual({ latestPlanGrade: { grade: 'amber' } });
  });
});
