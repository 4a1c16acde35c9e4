import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, SqliteEventStore, StreamHistory, type EventToAppend, type RecordedEvent } from '@plan-ledger/event-store';
import fc from 'fast-check';

const METADATA: EventToAppend['metadata'] = {
  actor: { id: 'board', role: 'editor' },
  occurredAt: { from: '2026-11', precision: 'month' },
  schemaVersion: 1,
};

/**
 * A command decides on its stream as the store has it: given appends by this process and by another one, in any order
 * and with streams forgotten to stay within the bound, then what StreamHistory gives is the stream read whole.
 */
describe('StreamHistory: the streams written lately, kept between commands', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stream-history-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ids = (events: readonly RecordedEvent[]) => events.map((e) => `${e.streamId}@${e.revision}:${e.eventId}`);

  const whole = async (store: SqliteEventStore, streamId: string): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    try {
      for await (const event of store.readStream(streamId)) events.push(event);
    } catch {
      return [];
    }
    return events;
  };

  it('given appends from this store and another on the same file, when streams are read between them (whole or up to a revision), then each read is the stream as stored', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            stream: fc.constantFrom('plan-a', 'plan-b', 'plan-c'),
            events: fc.nat(3),
            other: fc.boolean(),
            read: fc.boolean(),
            upTo: fc.option(fc.nat(12), { nil: undefined }),
          }),
          {
            minLength: 1,
            maxLength: 25,
          },
        ),
        fc.integer({ min: 1, max: 12 }),
        async (steps, bound) => {
          round += 1;
          const path = join(dir, `ledger-${round}.db`);
          const clock = new ManualClock('2026-11-25T09:00:00.000Z');
          const mine = new SqliteEventStore({ path, clock });
          const other = new SqliteEventStore({ path, clock });
          const history = new StreamHistory(mine, bound);
          try {
            for (const step of steps) {
              const store = step.other ? other : mine;
              const revision = (await whole(store, step.stream)).length;
              if (step.events > 0) {
                await store.append(
                  step.stream,
                  Array.from({ length: step.events }, (_, i) => ({ type: 'Noted', data: { n: revision + i }, metadata: METADATA })),
                  { expectedRevision: revision === 0 ? 'no_stream' : BigInt(revision - 1) },
                );
              }
              if (step.read) {
                // Up to a revision (as the read model re-folds to an event), or the whole stream as it now is.
                const upTo = step.upTo === undefined ? undefined : BigInt(step.upTo);
                const expected = (await whole(mine, step.stream)).filter((e) => upTo === undefined || e.revision <= upTo);
                expect(ids(await history.read(step.stream, upTo))).toEqual(ids(expected));
              }
            }
            for (const stream of ['plan-a', 'plan-b', 'plan-c'])
              expect(ids(await history.read(stream))).toEqual(ids(await whole(mine, stream)));
          } finally {
            await mine.close();
            await other.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('given a stream that does not exist, when read, then it has no events', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'ledger.db'), clock: new ManualClock('2026-11-25T09:00:00.000Z') });
    try {
      expect(await new StreamHistory(store).read('plan-none')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('given a store that passes over an event it cannot read, when read up to a revision, then nothing after that revision comes', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'ledger.db'), clock: new ManualClock('2026-11-25T09:00:00.000Z') });
    try {
      await store.append(
        'plan-a',
        Array.from({ length: 5 }, (_, n) => ({ type: 'Noted', data: { n }, metadata: METADATA })),
        { expectedRevision: 'no_stream' },
      );
      // As EventStoreDB's adapter passes over a stored event that is not a ledger envelope: revision 2 is never given.
      const skipping = {
        readStream: (streamId: string, options?: Parameters<SqliteEventStore['readStream']>[1]) => ({
          async *[Symbol.asyncIterator]() {
            for await (const event of store.readStream(streamId, options)) if (event.revision !== 2n) yield event;
          },
        }),
      };
      const revisions = async (history: StreamHistory, upTo?: bigint) => (await history.read('plan-a', upTo)).map((e) => e.revision);
      const fresh = new StreamHistory(skipping);
      expect(await revisions(fresh, 3n)).toEqual([0n, 1n, 3n]);
      expect(await revisions(fresh, 2n)).toEqual([0n, 1n]);
      expect(await revisions(fresh)).toEqual([0n, 1n, 3n, 4n]);
      expect(await revisions(new StreamHistory(skipping), 1n)).toEqual([0n, 1n]);
    } finally {
      await store.close();
    }
  });
});
