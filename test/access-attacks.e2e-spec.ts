import { grantToken } from './support/access';
import { registerWorcestershire } from './support/council';
import { graphql, type GraphqlResponse } from './support/graphql';
import { startApp, type RunningApp } from './support/running-app';

/**
 * What a reviewer attacking the roles found, each kept from coming back: a council's retracted plan taken over by
 * another council, idempotency keys squatted across people, grade corrections checked against who graded first,
 * grants to tokens nobody holds, and a relayed request taken for the local user.
 */
const day = (from: string) => ({ from, precision: 'day' });
const RECORDED = 'streamId events { eventId type actor { id role council } }';

type Recorded = { events: { eventId: string; type: string; actor: { id: string; role: string; council: string | null } }[] };

async function record(
  baseUrl: string,
  field: string,
  input: Record<string, unknown>,
  token?: string,
): Promise<GraphqlResponse<Record<string, Recorded>>> {
  const inputType = `${field[0].toUpperCase()}${field.slice(1)}Input`;
  return graphql<Record<string, Recorded>>(
    baseUrl,
    `mutation ($input: ${inputType}!) { ${field}(input: $input) { ${RECORDED} } }`,
    { input },
    { token },
  );
}

async function recorded(baseUrl: string, field: string, input: Record<string, unknown>, token?: string): Promise<Recorded['events']> {
  const answer = await record(baseUrl, field, input, token);
  if (!answer.data) throw new Error(`${field} was refused: ${answer.raw}`);
  return answer.data[field].events;
}

describe('attacks on roles that must keep failing', () => {
  let running: RunningApp;
  let editor885: string;
  let editor344: string;
  let board885: string;

  beforeAll(async () => {
    running = await startApp();
    await registerWorcestershire(running.baseUrl);
    await recorded(running.baseUrl, 'registerAuthority', {
      laCode: '344',
      name: 'Wirral',
      region: 'North West',
      onsCode: 'E08000015',
      occurredAt: { from: '2016-09', precision: 'month' },
    });
    editor885 = (await grantToken(running.baseUrl, 'editor', ['885'])).token;
    editor344 = (await grantToken(running.baseUrl, 'editor', ['344'])).token;
    board885 = (await grantToken(running.baseUrl, 'board', ['885'])).token;
  });
  afterAll(() => running.stop());

  it("does not let another council re-create a council's retracted plan and read what it held", async () => {
    const planId = 'confidential-885';
    const [created] = await recorded(
      running.baseUrl,
      'createPlan',
      { planId, laCode: '885', title: 'Confidential plan', kind: 'improvement plan', occurredAt: day('2018-01-10') },
      editor885,
    );
    const [priority] = await recorded(
      running.baseUrl,
      'setPriority',
      { planId, priorityId: 'p1', title: 'Child X', description: 'sensitive', occurredAt: day('2018-01-10') },
      editor885,
    );
    for (const eventId of [priority.eventId, created.eventId])
      await recorded(running.baseUrl, 'retractEvent', { streamId: `plan-${planId}`, eventId, reason: 'made in error' }, editor885);

    const takeover = await record(
      running.baseUrl,
      'createPlan',
      { planId, laCode: '344', title: 'mine now', kind: 'improvement plan', occurredAt: day('2018-02-01') },
      editor344,
    );
    expect(takeover.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', missing: expect.stringContaining('council 885') });
    const read = await graphql(running.baseUrl, `{ history(streamId: "plan-${planId}") { totalCount } }`, {}, { token: editor344 });
    expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // The council it was created for still reads its own stream.
    const own = await graphql<{ history: { totalCount: number } }>(
      running.baseUrl,
      `{ history(streamId: "plan-${planId}") { totalCount } }`,
      {},
      {
        token: editor885,
      },
    );
    expect(own.data?.history.totalCount).toBe(4);
  });

  it("lets nobody block or probe another person's idempotency key", async () => {
    const planId = 'keys-885';
    await recorded(
      running.baseUrl,
      'createPlan',
      { planId, laCode: '885', title: 'Keys', kind: 'improvement plan', occurredAt: day('2018-01-10') },
      editor885,
    );
    const key = 'import-0123456789abcdef01234567-0';
    await recorded(
      running.baseUrl,
      'setPriority',
      { planId, priorityId: 'k1', title: 'First', commandId: key, occurredAt: day('2018-01-11') },
      editor885,
    );
    const otherPlan = 'keys-344';
    await recorded(
      running.baseUrl,
      'createPlan',
      { planId: otherPlan, laCode: '344', title: 'Keys', kind: 'improvement plan', occurredAt: day('2018-01-10') },
      editor344,
    );
    // The same key, another person, another stream: their own command, recorded; nothing of the first is named.
    const theirs = await record(
      running.baseUrl,
      'setPriority',
      { planId: otherPlan, priorityId: 'k1', title: 'Theirs', commandId: key, occurredAt: day('2018-01-11') },
      editor344,
    );
    expect(theirs.errors).toBeUndefined();
    expect(theirs.raw).not.toContain('keys-885');
    // The same person reusing their own key for another command is still refused: one key, one command.
    const reused = await record(
      running.baseUrl,
      'setPriority',
      { planId, priorityId: 'k2', title: 'Second', commandId: 'own-key', occurredAt: day('2018-01-11') },
      editor885,
    );
    expect(reused.errors).toBeUndefined();
    const again = await record(
      running.baseUrl,
      'setPriority',
      { planId, priorityId: 'k3', title: 'Third', commandId: 'own-key', occurredAt: day('2018-01-11') },
      editor885,
    );
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('checks a correction of a grade against the body it now stands as, not the one that first recorded it', async () => {
    const planId = 'grades-885';
    await recorded(
      running.baseUrl,
      'createPlan',
      { planId, laCode: '885', title: 'Grades', kind: 'improvement plan', occurredAt: day('2018-01-10') },
      editor885,
    );
    const [grade] = await recorded(
      running.baseUrl,
      'gradeProgress',
      { planId, target: 'plan', grade: 'amber', gradedBy: 'council', occurredAt: day('2018-02-01') },
      editor885,
    );
    // The local user, who holds every role, records that the grade was in fact the board's.
    await recorded(running.baseUrl, 'correctEvent', {
      streamId: `plan-${planId}`,
      eventId: grade.eventId,
      changes: { gradedBy: 'board' },
      reason: "it was the board's grade",
    });
    const byEditor = await record(
      running.baseUrl,
      'retractEvent',
      { streamId: `plan-${planId}`, eventId: grade.eventId, reason: 'not ours' },
      editor885,
    );
    expect(byEditor.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', missing: expect.stringContaining('board') });
    const byBoard = await record(
      running.baseUrl,
      'correctEvent',
      { streamId: `plan-${planId}`, eventId: grade.eventId, changes: { grade: 'green' }, reason: 'the minutes say green' },
      board885,
    );
    expect(byBoard.errors).toBeUndefined();
  });

  it('grants no role to a token that was never issued, or was revoked', async () => {
    const grant = (subject: string) =>
      graphql(running.baseUrl, 'mutation ($input: GrantAccessInput!) { grantAccess(input: $input) { grantId } }', {
        input: { subject, displayName: 'Ghost', role: 'viewer', councils: ['885'] },
      });
    const never = await grant('token:AAAAAAAAAAAAAAAA');
    expect(never.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/not a token this service issued/),
    });
    const gone = await grantToken(running.baseUrl, 'viewer', ['885']);
    await graphql(running.baseUrl, 'mutation ($id: String!) { revokeAccess(input: { grantId: $id }) { grantId } }', { id: gone.grantId });
    const revoked = await grant(gone.subject);
    expect(revoked.errors?.[0].message).toMatch(/a revoked token/);
  });

  it.each(['via', 'x-client-ip', 'true-client-ip', 'cf-connecting-ip', 'x-forwarded-proto'])(
    'takes a request relayed with %s for nobody, not the local user',
    async (header) => {
      const answer = await running.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', [header]: '203.0.113.9' },
        payload: JSON.stringify({ query: 'mutation { grantAccess(input: { displayName: "attacker", role: "admin" }) { token } }' }),
      });
      expect(answer.statusCode).toBe(401);
      expect(answer.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    },
  );
});
