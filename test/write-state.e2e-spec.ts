import { SqliteEventStore } from '@plan-ledger/event-store';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { graphql, RECORD_RESULT } from './support/graphql';
import type { Recorded } from './support/graphql-types';
import { startApp, type RunningApp } from './support/running-app';
import { registerWorcestershire } from './support/council';

/**
 * Commands are decided on a write state kept between commands and warmed at start. Whatever it keeps, each command
 * must be decided on the stream as it stands: after a restart, after events another process appended to the same
 * file, and after a retraction that changes the stream's past.
 */
const CREATE = `mutation ($input: CreatePlanInput!) { createPlan(input: $input) { ${RECORD_RESULT} } }`;
const SET = `mutation ($input: SetPriorityInput!) { setPriority(input: $input) { ${RECORD_RESULT} } }`;
const RETIRE = `mutation ($input: RetirePriorityInput!) { retirePriority(input: $input) { ${RECORD_RESULT} } }`;
const RETRACT = `mutation ($input: RetractEventInput!) { retractEvent(input: $input) { ${RECORD_RESULT} } }`;
const june = { from: '2017-06', precision: 'month' as const, label: 'June 2017' };

async function warmed(baseUrl: string): Promise<{ warmed: number; of: number; done: boolean }> {
  for (let i = 0; i < 200; i++) {
    const health = (await (await fetch(`${baseUrl}/health`)).json()) as { warming?: { warmed: number; of: number; done: boolean } };
    if (health.warming?.done) return health.warming;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('streams were not warmed');
}

describe('commands on streams warmed at start', () => {
  let first: RunningApp;
  let running: RunningApp;
  let ffd: string;

  beforeEach(async () => {
    first = await startApp();
    await registerWorcestershire(first.baseUrl);
    await graphql<Recorded<'createPlan'>>(first.baseUrl, CREATE, {
      input: { planId: 'p1', laCode: '885', title: 'Priority plan', kind: 'priority plan', occurredAt: june },
    });
    const set = await graphql<Recorded<'setPriority'>>(first.baseUrl, SET, {
      input: { planId: 'p1', priorityId: 'ffd', title: 'Family Front Door', occurredAt: june },
    });
    ffd = set.data!.setPriority.events[0].eventId;
    await first.app.close();
    running = await startApp({ env: { LEDGER_DATA_DIR: first.dataDir } });
  });
  afterEach(async () => {
    await running.stop();
    rmSync(first.dataDir, { recursive: true, force: true });
  });

  it('given a restart, when warming ends, then it has read the council and the plan', async () => {
    expect(await warmed(running.baseUrl)).toEqual({ warmed: 2, of: 2, done: true });
  });

  it('given a priority another process set on the same file after warming, when it is retired here, then it is found', async () => {
    await warmed(running.baseUrl);
    const other = new SqliteEventStore({ path: join(first.dataDir, 'ledger.db') });
    await other.append(
      'plan-p1',
      [
        {
          type: 'PrioritySet',
          data: { priorityId: 'culture', title: 'Practice culture' },
          metadata: { occurredAt: june, actor: { id: 'other-instance', role: 'editor' }, schemaVersion: 1 },
        },
      ],
      { expectedRevision: 1n },
    );
    await other.close();
    const retired = await graphql<Recorded<'retirePriority'>>(running.baseUrl, RETIRE, {
      input: { planId: 'p1', priorityId: 'culture', reason: 'merged into the front door', occurredAt: june, expectedRevision: '2' },
    });
    expect(retired.errors).toBeUndefined();
    expect(retired.data!.retirePriority.revision).toBe('3');
  });

  it('given a priority retracted after warming, when it is retired, then it is refused as unknown and nothing is written', async () => {
    await warmed(running.baseUrl);
    const retracted = await graphql<Recorded<'retractEvent'>>(running.baseUrl, RETRACT, {
      input: { streamId: 'plan-p1', eventId: ffd, reason: 'entered on the wrong plan' },
    });
    expect(retracted.errors).toBeUndefined();
    const retired = await graphql<Recorded<'retirePriority'>>(running.baseUrl, RETIRE, {
      input: { planId: 'p1', priorityId: 'ffd', reason: 'done', occurredAt: june },
    });
    expect(retired.errors?.[0]?.message).toMatch(/ffd/);
    expect(retired.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const again = await graphql<Recorded<'setPriority'>>(running.baseUrl, SET, {
      input: { planId: 'p1', priorityId: 'culture', title: 'Practice culture', occurredAt: june, expectedRevision: '2' },
    });
    expect(again.errors).toBeUndefined();
  });
});
