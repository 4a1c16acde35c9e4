import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock, type Clock } from '@plan-ledger/event-store';
import { loadLedgerConfig } from '../apps/api/src/config/ledger-config';
import { createApp } from '../apps/api/src/create-app';
import { fullSelection } from './support/full-selection';
import { graphql, RECORD_RESULT } from './support/graphql';

/**
 * The read model answers what the fold answers. One data folder, two services: one answering from its read model, one
 * folding the log for every answer (LEDGER_READ_MODEL=false). Over the demo journeys plus corrections, retractions and
 * grades, every council, every plan and the portfolio agree field for field, now and as known at EVERY instant an event
 * was recorded: the versioned rows give each past cut exactly.
 */

/** A clock that moves on a second at every reading, so each event of the demo has its own recordedAt. */
class TickingClock implements Clock {
  private at = Date.parse('2026-01-05T09:00:00.000Z');
  now(): Date {
    this.at += 1000;
    return new Date(this.at);
  }
}

interface Started {
  app: NestFastifyApplication;
  baseUrl: string;
}

async function start(dataDir: string, env: NodeJS.ProcessEnv, clock?: Clock): Promise<Started> {
  const config = loadLedgerConfig({
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LEDGER_GRAPHIQL: 'false',
    LEDGER_LOCAL_USER: 'development-principal',
    // Every field of every council in one request: far more than a client may ask, which is the point here.
    LEDGER_MAX_QUERY_COST: '100000000',
    LEDGER_MAX_QUERY_DEPTH: '20',
    ...env,
  });
  const app = await createApp(config, { clock, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  return { app, baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

type Recorded = { events: { eventId: string; recordedAt: string }[] };

describe('read model answers as the fold does', () => {
  let dataDir: string;
  let model: Started;
  let fold: Started;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-read-model-'));
    model = await start(dataDir, { LEDGER_SEED_DEMO: 'true' }, new TickingClock());
    const record = async (mutation: string, input: Record<string, unknown>): Promise<Recorded> => {
      const response = await graphql<Record<string, Recorded>>(
        model.baseUrl,
        `mutation ($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { ${RECORD_RESULT} } }`,
        { input },
      );
      expect(response.errors).toBeUndefined();
      return response.data![mutation];
    };
    const plan = 'worcestershire-2017-06';
    const graded = await record('gradeProgress', {
      planId: plan,
      target: 'priority',
      targetId: 'family-front-door',
      grade: 'red',
      gradedBy: 'board',
      occurredAt: { from: '2017-10', precision: 'month' },
    });
    await record('correctEvent', {
      streamId: `plan-${plan}`,
      eventId: graded.events[0].eventId,
      changes: { grade: 'amber' },
      reason: 'the minutes say amber',
    });
    const added = await record('addAction', {
      planId: plan,
      actionId: 'audit-sample',
      priorityId: 'family-front-door',
      title: 'Sample 20 referrals a month',
      owner: 'Head of Service',
      due: '2017-12-31',
      occurredAt: { from: '2017-10', precision: 'month' },
    });
    await record('retractEvent', { streamId: `plan-${plan}`, eventId: added.events[0].eventId, reason: 'entered on the wrong plan' });
    // The same business date as the model's clock, so that what "now" makes overdue or how long ago agrees.
    fold = await start(
      dataDir,
      { LEDGER_SEED_DEMO: 'false', LEDGER_READ_MODEL: 'false', LEDGER_NOTARY_SIGNS: 'false' },
      new ManualClock('2026-01-05T18:00:00.000Z'),
    );
  }, 120_000);

  afterAll(async () => {
    await fold?.app.close();
    await model?.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given the demo with corrections and retractions, when asked now and as known at every recording instant, then model and fold agree', async () => {
    const authority = await fullSelection(model.baseUrl, 'Authority');
    const plan = await fullSelection(model.baseUrl, 'Plan');
    const unreadable = await fullSelection(model.baseUrl, 'UnreadableEvent');
    const ask = async (baseUrl: string, query: string, variables: Record<string, unknown>) => {
      const response = await graphql<Record<string, { cut: { answeredFrom: string } } & Record<string, unknown>>>(
        baseUrl,
        query,
        variables,
      );
      expect(response.errors).toBeUndefined();
      return response.data!;
    };
    const portfolio = `query ($k: String) { authorities(first: 200, knownAt: $k) { totalCount cut { headPosition recordedUntil } edges { cursor node { ${authority} } } } }`;
    // Every field but the histories: the model answers it from each council's summary, not its document.
    const visit = await fullSelection(model.baseUrl, 'Visit');
    const intervention = await fullSelection(model.baseUrl, 'Intervention');
    const headline = `laCode name region onsCode latestOverallJudgement currentIntervention { ${intervention} } planIds
      latestMonitoringVisit { ${visit} } daysSinceLatestMonitoringVisit unreadable { ${unreadable} }`;
    const headlines = `query ($k: String) { authorities(first: 200, knownAt: $k) { totalCount cut { headPosition recordedUntil } edges { cursor node { ${headline} } } } }`;
    const councilQuery = `query ($la: String!, $k: String) { authority(laCode: $la, knownAt: $k) { cut { headPosition recordedUntil answeredFrom } authority { ${authority} } } }`;
    const planQuery = `query ($id: String!, $k: String) { plan(id: $id, knownAt: $k) { cut { headPosition recordedUntil answeredFrom } plan { ${plan} } unreadable { ${unreadable} } } }`;

    const now = await graphql<{ authorities: { edges: { node: { laCode: string; planIds: string[] } }[] } }>(model.baseUrl, portfolio);
    const councils = now.data!.authorities.edges.map((e) => e.node);
    const planIds = councils.flatMap((c) => c.planIds);
    expect(planIds).toContain('worcestershire-2017-06');

    const instants = new Set<string>();
    for (const streamId of [...councils.map((c) => `authority-${c.laCode}`), ...planIds.map((id) => `plan-${id}`)]) {
      const history = await graphql<{ history: { edges: { node: { recordedAt: string } }[] } }>(
        model.baseUrl,
        `
          query ($s: String!) {
            history(streamId: $s, first: 500) {
              edges {
                node {
                  recordedAt
                }
              }
            }
          }
        `,
        { s: streamId },
      );
      for (const edge of history.data!.history.edges) instants.add(edge.node.recordedAt);
    }
    expect(instants.size).toBeGreaterThan(20);

    let compared = 0;
    for (const knownAt of [undefined, ...[...instants].sort()]) {
      const variables = knownAt ? { k: knownAt } : {};
      expect(await ask(model.baseUrl, portfolio, variables)).toEqual(await ask(fold.baseUrl, portfolio, variables));
      expect(await ask(model.baseUrl, headlines, variables)).toEqual(await ask(fold.baseUrl, headlines, variables));
      for (const { laCode } of councils) {
        const fromModel = await ask(model.baseUrl, councilQuery, { la: laCode, ...variables }).catch(() => undefined);
        const fromFold = await ask(fold.baseUrl, councilQuery, { la: laCode, ...variables }).catch(() => undefined);
        if (fromModel && fromFold) {
          expect(fromModel.authority.cut.answeredFrom).toBe('read model');
          expect(fromFold.authority.cut.answeredFrom).toBe('fold');
          expect(fromModel.authority.authority).toEqual(fromFold.authority.authority);
          compared += 1;
        } else expect(fromModel).toEqual(fromFold);
      }
      for (const id of planIds) {
        const a = await graphql<{ plan: Record<string, unknown> }>(model.baseUrl, planQuery, { id, ...variables });
        const b = await graphql<{ plan: Record<string, unknown> }>(fold.baseUrl, planQuery, { id, ...variables });
        expect(a.errors?.map((e) => e.extensions?.code)).toEqual(b.errors?.map((e) => e.extensions?.code));
        expect({ plan: a.data?.plan?.plan, unreadable: a.data?.plan?.unreadable }).toEqual({
          plan: b.data?.plan?.plan,
          unreadable: b.data?.plan?.unreadable,
        });
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(100);
  }, 300_000);
});
