import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { currentSchemaVersion } from '@plan-ledger/domain';
import { ManualClock, SqliteEventStore, type RecordedEvent } from '@plan-ledger/event-store';
import { buildReadModel, createReadModelSchema, ProjectionRunner, readModelHash } from '@plan-ledger/projections';
// The value valid_to holds for a row still open, as the model stores it.
const OPEN = 9223372036854775807n;
import { planCreated } from './support/fixtures';
import { freshHash } from './support/fresh-hash';

/**
 * A service warms the projector's memory of each plan at start (so that a plan's next event is one evolve, not a
 * re-fold from the store). Warming writes nothing, is kept only when its fold gives the model's own open rows, and the
 * model it then follows is still the fold from scratch.
 */
const occurredAt = { from: '2026-03', precision: 'month' as const };
const metadata = { occurredAt, actor: { id: 'tester', role: 'editor' }, schemaVersion: 1 };
const graded = { ...metadata, schemaVersion: currentSchemaVersion('ProgressGraded') };
const STREAM = 'plan-plan-1';

async function streamOf(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(STREAM)) events.push(event);
  return events;
}

describe('warming the read model', () => {
  let dir: string;
  let store: SqliteEventStore;
  const modelPath = () => join(dir, 'model.sqlite');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-model-warm-'));
    store = new SqliteEventStore({
      path: join(dir, 'ledger.db'),
      clock: new ManualClock('2026-03-02T09:00:00.000Z'),
      synchronous: 'NORMAL',
    });
    await store.append(
      STREAM,
      [
        { type: 'PlanCreated', data: planCreated('plan-1'), metadata },
        { type: 'PrioritySet', data: { priorityId: 'p1', title: 'Priority one' }, metadata },
        { type: 'PrioritySet', data: { priorityId: 'p2', title: 'Priority two' }, metadata },
      ],
      { expectedRevision: 'no_stream' },
    );
    const first = new ProjectionRunner(store, { path: modelPath() });
    await first.start();
    await first.waitFor(await store.headPosition(), 10_000);
    await first.stop();
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function started(): Promise<ProjectionRunner> {
    const runner = new ProjectionRunner(store, { path: modelPath() });
    await runner.start();
    await runner.waitFor(await store.headPosition(), 10_000);
    for (let i = 0; i < 50 && runner.status().state !== 'live'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return runner;
  }

  it('given a plan warmed after a restart, when an ordinary event and a correction follow, then the model is the fold from scratch', async () => {
    const runner = await started();
    expect(await runner.warmPlan('plan-1', await streamOf(store))).toBe(true);
    const [, priority] = await streamOf(store);
    await store.append(
      STREAM,
      [{ type: 'ProgressGraded', data: { target: 'priority', targetId: 'p1', grade: 'amber', gradedBy: 'board' }, metadata: graded }],
      {
        expectedRevision: 2n,
      },
    );
    let head = await store.headPosition();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    expect(readModelHash(runner.db, head)).toBe(await freshHash(store, head));
    await store.append(
      STREAM,
      [
        {
          type: 'EventCorrected',
          data: { correctedEventId: priority.eventId, changes: { title: 'Priority one, renamed' }, reason: 'typing error' },
          metadata,
        },
      ],
      { expectedRevision: 3n },
    );
    head = await store.headPosition();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    expect(readModelHash(runner.db, head)).toBe(await freshHash(store, head));
    await runner.stop();
  });

  it('given a plan already in memory, when it is warmed, then the memory is kept as it is', async () => {
    const runner = await started();
    expect(await runner.warmPlan('plan-1', await streamOf(store))).toBe(true);
    expect(await runner.warmPlan('plan-1', (await streamOf(store)).slice(0, 1))).toBe(false);
    await runner.stop();
  });

  it('given events the model has not folded, when a plan is warmed, then only those it has folded count', async () => {
    const runner = await started();
    const events = await streamOf(store);
    const unfolded: RecordedEvent = {
      ...events[2],
      eventId: 'not-folded',
      revision: 3n,
      position: events[2].position + 1n,
      data: { priorityId: 'p3', title: 'Three' },
    };
    expect(await runner.warmPlan('plan-1', [...events, unfolded])).toBe(true);
    await store.append(STREAM, [{ type: 'PrioritySet', data: { priorityId: 'p4', title: 'Four' }, metadata }], { expectedRevision: 2n });
    const head = await store.headPosition();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    expect(readModelHash(runner.db, head)).toBe(await freshHash(store, head));
    await runner.stop();
  });

  it("given a model whose rows are not the plan's fold, when it is warmed, then nothing is kept and the next event mends the rows", async () => {
    const damaged = new Database(modelPath());
    damaged.prepare("UPDATE plan_rows SET doc = '{}' WHERE plan_id = 'plan-1' AND key LIKE 'priority:%'").run();
    damaged.close();
    const runner = await started();
    expect(await runner.warmPlan('plan-1', await streamOf(store))).toBe(false);
    await store.append(STREAM, [{ type: 'PrioritySet', data: { priorityId: 'p3', title: 'Three' }, metadata }], { expectedRevision: 2n });
    const head = await store.headPosition();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    const scratch = new Database(':memory:');
    createReadModelSchema(scratch);
    await buildReadModel(store, scratch, head);
    // What the model answers now (its open rows) is the fold's again; the damaged rows stay in its past, as written.
    const open = (db: Database.Database) => db.prepare('SELECT key, doc, ord FROM plan_rows WHERE valid_to = ? ORDER BY key').all(OPEN);
    expect(open(runner.db)).toEqual(open(scratch));
    expect(open(runner.db)).toContainEqual(expect.objectContaining({ key: expect.stringMatching(/^priority:/) }));
    scratch.close();
    await runner.stop();
  });

  it('given a runner not following the log yet, when a plan is warmed, then nothing is kept', async () => {
    const runner = new ProjectionRunner(store, { path: modelPath() });
    expect(await runner.warmPlan('plan-1', await streamOf(store))).toBe(false);
    await runner.stop();
  });
});
