import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStore } from '@plan-ledger/event-store';
import { v5 as uuidv5 } from 'uuid';
import { graphql, RECORD_RESULT } from './support/graphql';
import type { HistoryCount, HistoryEdges, Recorded } from './support/graphql-types';
import { startApp, type RunningApp } from './support/running-app';
import { registerWorcestershire } from './support/council';

const CREATE = `mutation ($input: CreatePlanInput!) { createPlan(input: $input) { ${RECORD_RESULT} } }`;
const SET = `mutation ($input: SetPriorityInput!) { setPriority(input: $input) { ${RECORD_RESULT} } }`;
const ADD = `mutation ($input: AddActionInput!) { addAction(input: $input) { ${RECORD_RESULT} } }`;
const GRADE = `mutation ($input: GradeProgressInput!) { gradeProgress(input: $input) { ${RECORD_RESULT} } }`;
const june = { from: '2017-06', precision: 'month', label: 'June 2017' };
const july = { from: '2017-07', precision: 'month', label: 'July 2017' };

describe('an idempotency key (commandId) means one command', () => {
  let running: RunningApp;

  beforeEach(async () => {
    running = await startApp();
    await registerWorcestershire(running.baseUrl);
    for (const planId of ['p1', 'p2']) {
      await graphql<Recorded<'createPlan'>>(running.baseUrl, CREATE, {
        input: { planId, laCode: '885', title: `Plan ${planId}`, kind: 'priority plan', occurredAt: june },
      });
      await graphql<Recorded<'setPriority'>>(running.baseUrl, SET, {
        input: { planId, priorityId: 'ffd', title: 'Family Front Door', occurredAt: june },
      });
    }
  });
  afterEach(() => running.stop());

  const history = async (streamId: string): Promise<{ type: string; commandId: string | null }[]> => {
    const answer = await graphql<HistoryEdges<{ type: string; commandId: string | null }>>(
      running.baseUrl,
      `
        query ($streamId: String!) {
          history(streamId: $streamId) {
            edges {
              node {
                type
                commandId
              }
            }
          }
        }
      `,
      { streamId },
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.history.edges.map((edge) => edge.node);
  };

  const grade = { planId: 'p1', target: 'plan', grade: 'red', gradedBy: 'board', occurredAt: june, commandId: 'board-2017-06-grade' };

  const expectReuseRefused = (response: Awaited<ReturnType<typeof graphql>>, commandId: string) => {
    expect(response.data).toBeUndefined();
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'IDEMPOTENCY_KEY_REUSED', commandId });
    expect(response.errors?.[0].message).toContain(commandId);
    expect(response.raw).not.toMatch(/\n\s+at /);
  };

  it('returns the first result, recording nothing, for the same key with the same command', async () => {
    const first = await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: grade });
    const again = await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: grade });
    expect(first.errors).toBeUndefined();
    expect(first.data!.gradeProgress.alreadyRecorded).toBe(false);
    // Its event ids are time-ordered (UUID v7), not derived from the key: the store keeps the key in its own index.
    expect(first.data!.gradeProgress.events[0].eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(again.data!.gradeProgress).toEqual({ ...first.data!.gradeProgress, alreadyRecorded: true });
    expect(await history('plan-p1')).toEqual([
      { type: 'PlanCreated', commandId: null },
      { type: 'PrioritySet', commandId: null },
      { type: 'ProgressGraded', commandId: grade.commandId },
    ]);
  });

  it('refuses the same key for another type of command, and does not record it', async () => {
    await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: grade });
    const before = await history('plan-p1');
    const action = await graphql<Recorded<'addAction'>>(running.baseUrl, ADD, {
      input: {
        planId: 'p1',
        actionId: 'a1',
        priorityId: 'ffd',
        title: 'Triage within 24 hours',
        owner: 'Head of service',
        due: '2017-12-31',
        occurredAt: june,
        commandId: grade.commandId,
      },
    });
    expectReuseRefused(action, grade.commandId);
    expect(await history('plan-p1')).toEqual(before);
  });

  it('refuses the same key for the same type of command with other content', async () => {
    await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: grade });
    const before = await history('plan-p1');
    expectReuseRefused(
      await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: { ...grade, grade: 'amber' } }),
      grade.commandId,
    );
    expectReuseRefused(
      await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: { ...grade, evidence: 'board minutes' } }),
      grade.commandId,
    );
    expectReuseRefused(
      await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, {
        input: { ...grade, source: { title: 'Board minutes, June 2017' } },
      }),
      grade.commandId,
    );
    expect(await history('plan-p1')).toEqual(before);
  });

  it('refuses the same key with another occurredAt', async () => {
    await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: grade });
    const before = await history('plan-p1');
    expectReuseRefused(
      await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: { ...grade, occurredAt: july } }),
      grade.commandId,
    );
    expect(await history('plan-p1')).toEqual(before);
  });

  it('refuses the same key on another stream, even for a command that would otherwise be the same', async () => {
    await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: grade });
    const before = await history('plan-p2');
    const other = await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: { ...grade, planId: 'p2' } });
    expectReuseRefused(other, grade.commandId);
    expect(other.errors?.[0].message).toContain('plan-p1');
    expect(await history('plan-p2')).toEqual(before);

    const authority = await graphql<Recorded<'registerAuthority'>>(
      running.baseUrl,
      `mutation ($input: RegisterAuthorityInput!) { registerAuthority(input: $input) { ${RECORD_RESULT} } }`,
      { input: { laCode: '344', name: 'Wirral', region: 'North West', occurredAt: june, commandId: grade.commandId } },
    );
    expectReuseRefused(authority, grade.commandId);
    const stream = await graphql<HistoryCount>(
      running.baseUrl,
      `
        {
          history(streamId: "authority-344") {
            totalCount
          }
        }
      `,
    );
    expect(stream.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('still knows a command recorded before the store kept commands (its event id derived from its key)', async () => {
    const first = await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: grade });
    const recorded = first.data!.gradeProgress.events[0];
    // The same log as the service wrote it before: the command's event under the id derived from its key, no commands row.
    const source = openEventStore({ dataDir: running.dataDir });
    const formerId = uuidv5(`${recorded.actor.id}/${grade.commandId}/0`, '6f1c7a52-2f4e-4d8a-9b1e-3c5d7e9f0a21');
    const upgraded = mkdtempSync(join(tmpdir(), 'ledger-e2e-upgraded-'));
    const target = openEventStore({ dataDir: upgraded });
    for await (const event of source.readAll()) {
      const { type, data, metadata } = event;
      const eventId = event.eventId === recorded.eventId ? formerId : event.eventId;
      await target.append(event.streamId, [{ eventId, type, data, metadata }], { expectedRevision: 'any' });
    }
    await Promise.all([source.close(), target.close()]);
    await running.stop();
    running = await startApp({ env: { LEDGER_DATA_DIR: upgraded } });
    try {
      const again = await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: grade });
      expect(again.errors).toBeUndefined();
      expect(again.data!.gradeProgress).toMatchObject({ alreadyRecorded: true, position: first.data!.gradeProgress.position });
      expect(again.data!.gradeProgress.events.map((event) => event.eventId)).toEqual([formerId]);

      const before = await history('plan-p2');
      const other = await graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: { ...grade, planId: 'p2' } });
      expectReuseRefused(other, grade.commandId);
      expect(other.errors?.[0].message).toContain('plan-p1');
      expect(await history('plan-p2')).toEqual(before);
    } finally {
      rmSync(upgraded, { recursive: true, force: true });
    }
  });

  it('records once when the same key arrives twice at once with different commands', async () => {
    const both = await Promise.all([
      graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: { ...grade, commandId: 'racing' } }),
      graphql<Recorded<'gradeProgress'>>(running.baseUrl, GRADE, { input: { ...grade, grade: 'green', commandId: 'racing' } }),
    ]);
    const recorded = both.filter((response) => !response.errors);
    const refused = both.filter((response) => response.errors);
    expect(recorded).toHaveLength(1);
    expect(refused).toHaveLength(1);
    // Whether the loser read the winner's events (their digest differs) or read the stream before them and then
    // met their ids in the store (same derived ids, other content), the key is refused as reused.
    expect(refused[0].errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'IDEMPOTENCY_KEY_REUSED', commandId: 'racing' });
    expect((await history('plan-p1')).filter((event) => event.commandId === 'racing')).toHaveLength(1);
  });
});
