import { graphql, RECORD_RESULT } from './support/graphql';
import type { HistoryCount, Recorded } from './support/graphql-types';
import { startApp, type RunningApp } from './support/running-app';
import { registerWorcestershire } from './support/council';

const CREATE = `mutation ($input: CreatePlanInput!) { createPlan(input: $input) { ${RECORD_RESULT} } }`;
const SET = `mutation ($input: SetPriorityInput!) { setPriority(input: $input) { ${RECORD_RESULT} } }`;
const june = { from: '2017-06', precision: 'month', label: 'June 2017' };

describe('retries and races over GraphQL', () => {
  let running: RunningApp;

  beforeEach(async () => {
    running = await startApp();
    await registerWorcestershire(running.baseUrl);
    await graphql<Recorded<'createPlan'>>(running.baseUrl, CREATE, {
      input: { planId: 'p1', laCode: '885', title: 'Priority plan', kind: 'priority plan', occurredAt: june },
    });
  });
  afterEach(() => running.stop());

  const historyCount = async (): Promise<number> =>
    (
      await graphql<HistoryCount>(
        running.baseUrl,
        `
          {
            history(streamId: "plan-p1") {
              totalCount
            }
          }
        `,
      )
    ).data!.history.totalCount;

  it('records a retried mutation once, returning the first result to the retry', async () => {
    const input = { planId: 'p1', priorityId: 'ffd', title: 'Family Front Door', occurredAt: june, commandId: 'board-2017-06-ffd' };
    const first = await graphql<Recorded<'setPriority'>>(running.baseUrl, SET, { input });
    const retry = await graphql<Recorded<'setPriority'>>(running.baseUrl, SET, { input });
    expect(first.data!.setPriority.alreadyRecorded).toBe(false);
    expect(retry.data!.setPriority).toEqual({ ...first.data!.setPriority, alreadyRecorded: true });
    expect(first.data!.setPriority.events[0].commandId).toBe('board-2017-06-ffd');
    expect(await historyCount()).toBe(2);
  });

  it('records once even when the same command arrives twice at the same moment', async () => {
    const input = { planId: 'p1', priorityId: 'ffd', title: 'Family Front Door', occurredAt: june, commandId: 'twice-at-once' };
    const both = await Promise.all([
      graphql<Recorded<'setPriority'>>(running.baseUrl, SET, { input }),
      graphql<Recorded<'setPriority'>>(running.baseUrl, SET, { input }),
    ]);
    expect(both.map((r) => r.errors)).toEqual([undefined, undefined]);
    expect(both[0].data!.setPriority.events[0].eventId).toBe(both[1].data!.setPriority.events[0].eventId);
    expect(await historyCount()).toBe(2);
  });

  it('gives one of two racing writers success and the other a CONFLICT with both revisions', async () => {
    const race = await Promise.all(
      ['ffd', 'culture'].map((priorityId) =>
        graphql<Recorded<'setPriority'>>(running.baseUrl, SET, {
          input: { planId: 'p1', priorityId, title: priorityId, occurredAt: june, expectedRevision: '0' },
        }),
      ),
    );
    const won = race.filter((r) => !r.errors);
    const lost = race.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      streamId: 'plan-p1',
      expectedRevision: '0',
      actualRevision: '1',
    });
    expect(lost[0].data).toBeUndefined();
    expect(await historyCount()).toBe(2);
  });

  it('refuses to create a plan that exists, as a CONFLICT', async () => {
    const again = await graphql<Recorded<'createPlan'>>(running.baseUrl, CREATE, {
      input: { planId: 'p1', laCode: '885', title: 'Again', kind: 'priority plan', occurredAt: june },
    });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await historyCount()).toBe(1);
  });
});
