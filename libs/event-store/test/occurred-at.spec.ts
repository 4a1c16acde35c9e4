import {
  InvalidEvent,
  ManualClock,
  SqliteEventStore,
  type EventStore,
  type EventToAppend,
  type OccurredAtRule,
} from '@plan-ledger/event-store';
import { EventStoreDbEventStore } from '../src/eventstoredb/eventstoredb-event-store';
import { anEvent, boardMember } from './support/events';
import { FakeEventStoreDbClient } from './support/fake-eventstoredb-client';

const adapters: [string, (occurredAtRule?: OccurredAtRule) => EventStore][] = [
  ['SQLite', (occurredAtRule) => new SqliteEventStore({ path: ':memory:', clock: new ManualClock(), occurredAtRule })],
  [
    'EventStoreDB',
    (occurredAtRule) =>
      new EventStoreDbEventStore({
        connectionString: 'esdb://fake:2113',
        clock: new ManualClock(),
        client: new FakeEventStoreDbClient(),
        occurredAtRule,
      }),
  ],
];

async function problemsOf(store: EventStore, occurredAt: unknown): Promise<{ field: string; rule: string }[]> {
  // Bad input on purpose, as a caller without types could send it.
  const events: unknown = [{ ...anEvent(), metadata: { occurredAt, actor: boardMember } }];
  try {
    await store.append('plan-1', events as EventToAppend[], { expectedRevision: 'any' });
  } catch (error) {
    if (error instanceof InvalidEvent) return [...error.problems];
    throw error;
  }
  return [];
}

describe.each(adapters)('occurredAt on the %s adapter', (_, open) => {
  let stores: EventStore[] = [];
  const opened = (rule?: OccurredAtRule): EventStore => {
    const store = open(rule);
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    stores = [];
  });

  const path = 'events[0].metadata.occurredAt';
  it.each([
    ['a string', '2017-06', path],
    ['a field that is not one', { from: '2017-06', precision: 'month', when: 'then' }, `${path}.when`],
    ['a precision off the list', { from: '2017-06', precision: 'week' }, `${path}.precision`],
    ['no from', { precision: 'year' }, `${path}.from`],
    ['a from written at another precision', { from: '2017-06-01', precision: 'month' }, `${path}.from`],
    ['a month that does not exist', { from: '2017-13', precision: 'month' }, `${path}.from`],
    ['a day that does not exist', { from: '2017-02-30', precision: 'day' }, `${path}.from`],
    ['29 February outside a leap year', { from: '2019-02-29', precision: 'day' }, `${path}.from`],
    ['a to that does not exist', { from: '2017-04-01', to: '2017-04-31', precision: 'day' }, `${path}.to`],
    ['a span ending before it starts', { from: '2017-04', to: '2017-03', precision: 'month' }, `${path}.to`],
    ['a label that is not text', { from: '2017', precision: 'year', label: 2017 }, `${path}.label`],
  ])('is refused by the store itself, with no rule supplied: %s', async (_, occurredAt, field) => {
    const store = opened();
    expect((await problemsOf(store, occurredAt)).map((p) => p.field)).toEqual([field]);
    expect(await store.headPosition()).toBe(0n);
  });

  it.each([
    { from: '2016-02-29', precision: 'day' },
    { from: '2016-10-24', to: '2016-11-04', precision: 'day', label: 'Oct & Nov 2016' },
    { from: '2017-03', to: '2017-03', precision: 'month' },
    { from: '2017', precision: 'year' },
  ])('is accepted when it holds: %j', async (occurredAt) => {
    expect(await problemsOf(opened(), occurredAt)).toEqual([]);
  });

  it("applies its opener's rule after its own, refusing with the rule's problems and storing nothing", async () => {
    const seen: [unknown, string][] = [];
    const store = opened((value, field) => {
      seen.push([value, field]);
      return [{ field: `${field}.label`, rule: 'must be at most 5 characters' }];
    });
    const occurredAt = { from: '2017-06', precision: 'month', label: 'June 2017' };
    expect(await problemsOf(store, occurredAt)).toEqual([{ field: `${path}.label`, rule: 'must be at most 5 characters' }]);
    expect(seen).toEqual([[occurredAt, path]]);
    expect(await store.headPosition()).toBe(0n);
  });

  it('does not ask the rule about what it refused itself, so each problem is reported once', async () => {
    let asked = 0;
    const store = opened(() => {
      asked++;
      return [];
    });
    expect(await problemsOf(store, { from: '2017-02-30', precision: 'day' })).toHaveLength(1);
    expect(asked).toBe(0);
    expect(await problemsOf(store, { from: '2017-02-28', precision: 'day' })).toEqual([]);
    expect(asked).toBe(1);
  });
});
