import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, SqliteEventStore, type EventToAppend } from '@plan-ledger/event-store';
import { effectiveEntries, planGradings, ProjectionRunner, ReadModelReader, type PlanGrading } from '@plan-ledger/projections';
import { eventIdOf, planCreated, recordedOn } from './support/fixtures';

/**
 * The read model keeps each grading of a plan as a row, so a page draws its RAG trend without folding the plan's stream:
 * given gradings recorded out of business-time order, corrected and retracted, then the rows at each position are the
 * fold's grade history there, in the same order.
 */
const PLAN = 'north-plan';
const STREAM = `plan-${PLAN}`;

const graded = (n: number, targetId: string | null, grade: string, from: string): EventToAppend => ({
  eventId: eventIdOf(n),
  type: 'ProgressGraded',
  data: targetId ? { target: 'priority', targetId, grade, gradedBy: 'board' } : { target: 'plan', grade, gradedBy: 'board' },
  metadata: recordedOn(from, 'ProgressGraded'),
});

describe('read model: the grade history of a plan', () => {
  let dir: string;
  let store: SqliteEventStore;
  let runner: ProjectionRunner;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-model-gradings-'));
    store = new SqliteEventStore({ path: join(dir, 'ledger.db'), clock: new ManualClock('2026-03-02T09:00:00.000Z') });
    await store.append(
      STREAM,
      [
        { eventId: eventIdOf(1), type: 'PlanCreated', data: planCreated(PLAN), metadata: recordedOn('2026-01') },
        {
          eventId: eventIdOf(2),
          type: 'PrioritySet',
          data: { priorityId: 'front-door', title: 'Front door' },
          metadata: recordedOn('2026-01'),
        },
        // Recorded in this order; by business time: 3 (January), then 5 and 6 (both February, log order), then 4.
        graded(3, 'front-door', 'red', '2026-01-31'),
        graded(4, 'front-door', 'amber', '2026-03-31'),
        graded(5, 'front-door', 'amber', '2026-02'),
        graded(6, null, 'red', '2026-02'),
      ],
      { expectedRevision: 'no_stream' },
    );
    runner = new ProjectionRunner(store, { path: join(dir, 'model.sqlite'), batchSize: 2 });
    await runner.start();
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const settled = async (): Promise<ReadModelReader> => {
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    return new ReadModelReader(runner.db);
  };
  const words = (gradings: readonly PlanGrading[]) => gradings.map((g) => `${g.target}:${g.grade}@${g.occurredAt.from}`);

  it('given gradings recorded out of business-time order, when read from the model, then they come oldest first, log order among equals', async () => {
    const reader = await settled();
    expect(words(reader.gradings(await store.headPosition(), PLAN))).toEqual([
      'priority:red@2026-01-31',
      'priority:amber@2026-02',
      'plan:red@2026-02',
      'priority:amber@2026-03-31',
    ]);
  });

  it('given a grading corrected and another retracted, when read now and as known before, then each cut shows the fold of its events', async () => {
    const before = await store.headPosition();
    await store.append(
      STREAM,
      [
        {
          eventId: eventIdOf(7),
          type: 'EventCorrected',
          data: { correctedEventId: eventIdOf(4), changes: { grade: 'green' }, reason: 'the board agreed green' },
          metadata: recordedOn('2026-04-01'),
        },
        {
          eventId: eventIdOf(8),
          type: 'EventRetracted',
          data: { retractedEventId: eventIdOf(3), reason: 'graded the wrong priority' },
          metadata: recordedOn('2026-04-01'),
        },
      ],
      { expectedRevision: 5n },
    );
    const reader = await settled();
    const stored = [];
    for await (const event of store.readAll()) stored.push(event);
    for (let position = 1; position <= stored.length; position++)
      expect(JSON.stringify(reader.gradings(BigInt(position), PLAN))).toBe(
        JSON.stringify(planGradings(effectiveEntries(stored.slice(0, position)))),
      );
    const now = reader.gradings(await store.headPosition(), PLAN);
    expect(words(now)).toEqual(['priority:amber@2026-02', 'plan:red@2026-02', 'priority:green@2026-03-31']);
    expect(now[2].corrections).toEqual([
      expect.objectContaining({ reason: 'the board agreed green', from: { grade: 'amber' }, to: { grade: 'green' } }),
    ]);
    expect(words(reader.gradings(before, PLAN))[0]).toBe('priority:red@2026-01-31');
  });
});
