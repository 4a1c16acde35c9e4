import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, SqliteEventStore, StreamHistory } from '@plan-ledger/event-store';
import fc from 'fast-check';
import {
  arrangeTimeline,
  effectiveEntries,
  planGradings,
  planView,
  ProjectionRunner,
  ReadModelReader,
  timeline,
} from '@plan-ledger/projections';
import { PLAN, run, step, type Step } from './support/plan-histories';

/**
 * The read model is the fold, kept: for random histories of accepted commands, corrections and retractions, appended
 * to a real SQLite store and projected in random batch sizes, the plan the model gives at EVERY position of the log is
 * byte for byte the plan folded from the events up to that position. That is what lets a knownAt answer be a range
 * query over versioned rows instead of a re-fold.
 */
const idOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const TODAY = '2026-11-24';
/** Priorities and actions set first, so that the random steps after them are mostly accepted (gradings above all). */
const SET_UP: Step[] = [
  { kind: 'command', command: { type: 'SetPriority', priorityId: 'p1', title: 'A priority' } },
  { kind: 'command', command: { type: 'SetPriority', priorityId: 'p2', title: 'Another priority' } },
  {
    kind: 'command',
    command: { type: 'AddAction', actionId: 'a1', priorityId: 'p1', title: 'An action', owner: 'Head of service', due: '2027-03-31' },
  },
];

describe('read model: the rows at every position are the fold at that position', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-model-prop-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given any accepted plan history, when it is projected in any batch size, then the plan, its grade history and its timeline lines at each position equal the fold there', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 30, size: 'medium' }),
        fc.integer({ min: 1, max: 7 }),
        // With the streams the service's commands keep (any bound, even one that keeps nothing) and without.
        fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
        async (steps, batchSize, kept) => {
          round += 1;
          const log = run([...SET_UP, ...steps], idOf);
          const store = new SqliteEventStore({ path: join(dir, `ledger-${round}.db`), clock: new ManualClock('2026-11-24T10:00:00.000Z') });
          // One append per event, each at its own position, as commands arrive.
          for (const logged of log) {
            const { recorded } = logged;
            await store.append(
              recorded.streamId,
              [{ eventId: recorded.eventId, type: recorded.type, data: recorded.data, metadata: recorded.metadata }],
              { expectedRevision: recorded.revision === 0n ? 'no_stream' : recorded.revision - 1n },
            );
          }
          const streams = kept === undefined ? undefined : new StreamHistory(store, kept);
          if (streams) await streams.read(`plan-${PLAN}`, BigInt(Math.floor(log.length / 2)));
          const runner = new ProjectionRunner(store, { path: join(dir, `model-${round}.sqlite`), batchSize, streams });
          await runner.start();
          // Closed whatever the outcome: a failing run must not leave a runner polling the store (Jest would wait on it).
          try {
            const head = await store.headPosition();
            expect(await runner.waitFor(head, 10_000)).toBe(true);
            const reader = new ReadModelReader(runner.db);
            const stored = [];
            for await (const event of store.readAll()) stored.push(event);
            for (let position = 1; position <= stored.length; position++) {
              const entries = effectiveEntries(stored.slice(0, position));
              const folded = planView(entries, TODAY);
              const fromModel = reader.plan(BigInt(position), PLAN, TODAY).plan;
              expect(JSON.stringify(fromModel)).toBe(JSON.stringify(folded));
              // The grade history a page draws its RAG trend from: the model's rows, in the fold's order.
              expect(JSON.stringify(reader.gradings(BigInt(position), PLAN))).toBe(JSON.stringify(planGradings(entries)));
              // The plan's lines on its council's journey: the model's rows arranged are the timeline folded.
              expect(JSON.stringify(arrangeTimeline(reader.timelineLines(BigInt(position), [PLAN])))).toBe(
                JSON.stringify(timeline(entries)),
              );
            }
          } finally {
            await runner.stop();
            await store.close();
          }
        },
      ),
      { numRuns: 60, endOnFailure: true },
    );
  });
});
