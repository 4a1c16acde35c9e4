import { join } from 'node:path';
import { SqliteEventStore, type EventStore } from '@plan-ledger/event-store';
import { EVENT_STORE } from '../apps/api/src/event-store/event-store.tokens';
import { startApp, type RunningApp } from './support/running-app';

describe('GET /health over HTTP', () => {
  let running: RunningApp;

  beforeEach(async () => {
    running = await startApp();
  });
  afterEach(() => running.stop());

  it('reports the embedded store, its file under the data dir, and the head of an empty log', async () => {
    const response = await fetch(`${running.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      store: { kind: 'sqlite', location: join(running.dataDir, 'ledger.db') },
      headPosition: '0',
      notary: {
        treeSize: 0,
        latestCheckpointSize: null,
        alarms: [],
        clearedAlarms: [],
        key: { location: 'data folder', weaknesses: [expect.stringMatching(/^the signing key is kept in the data folder/)] },
        signs: true,
      },
      readModel: {
        state: expect.stringMatching(/^(live|catching up)$/),
        position: '0',
        version: expect.any(Number),
        eventsBehind: 0,
        atLeast: false,
        problem: null,
        rebuiltBecause: null,
        passedOver: [],
      },
      warming: { warmed: 0, of: expect.any(Number), done: expect.any(Boolean) },
    });
  });

  it('follows the head of the log as events are appended, including by another process on the same file', async () => {
    const store = running.app.get<EventStore>(EVENT_STORE);
    await store.append(
      'plan-1',
      [
        {
          type: 'PlanCreated',
          data: {},
          metadata: { occurredAt: { from: '2016-12', precision: 'month' }, actor: { id: 'u', role: 'council' } },
        },
      ],
      {
        expectedRevision: 'no_stream',
      },
    );
    const other = new SqliteEventStore({ path: join(running.dataDir, 'ledger.db') });
    await other.append(
      'plan-2',
      [
        {
          type: 'PlanCreated',
          data: {},
          metadata: { occurredAt: { from: '2017', precision: 'year' }, actor: { id: 'u', role: 'council' } },
        },
      ],
      {
        expectedRevision: 'no_stream',
      },
    );
    await other.close();

    const body = (await (await fetch(`${running.baseUrl}/health`)).json()) as { headPosition: string };
    expect(body.headPosition).toBe('2');
  });

  it('answers 503 with the reason, and no stack trace, when the store is unavailable', async () => {
    await running.app.get<EventStore>(EVENT_STORE).close();
    const response = await fetch(`${running.baseUrl}/health`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'unavailable', error: 'the event store is closed' });
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
  });

  it('answers unknown routes with a coded 404', async () => {
    const response = await fetch(`${running.baseUrl}/no-such-thing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 'NOT_FOUND', message: 'Cannot GET /no-such-thing' });
  });
});
