import { ManualClock } from '@plan-ledger/event-store';
import { EventStoreDbEventStore } from '../src/eventstoredb/eventstoredb-event-store';
import { eventStoreContract, type ContractHarness } from './contract/event-store.contract';
import { FakeEventStoreDbClient } from './support/fake-eventstoredb-client';

/**
 * The EventStoreDB adapter passes the same contract as SQLite: against a live server whenever
 * EVENTSTORE_CONNECTION_STRING is set (e.g. the cluster in infra/), and always against an in-memory
 * double of the server, so its mapping of revisions, positions, metadata and errors is checked on every run.
 */
eventStoreContract(
  'EventStoreDB adapter over an in-memory server double',
  async (): Promise<ContractHarness> => {
    const clock = new ManualClock();
    const client = new FakeEventStoreDbClient();
    const open = (): EventStoreDbEventStore => new EventStoreDbEventStore({ connectionString: 'esdb://fake:2113', clock, client });
    let store = open();
    return {
      get store() {
        return store;
      },
      clock,
      async reopen() {
        store = open();
        return store;
      },
      cleanup: async () => undefined,
    };
  },
  { gaplessPositions: false, eventIdsUniqueAcrossStreams: false },
);

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (connectionString) {
  eventStoreContract(
    `EventStoreDB live at ${connectionString.replace(/\/\/[^@/]*@/, '//')}`,
    async (): Promise<ContractHarness> => {
      const clock = new ManualClock(new Date());
      let store = new EventStoreDbEventStore({ connectionString, clock });
      return {
        get store() {
          return store;
        },
        clock,
        async reopen() {
          await store.close();
          store = new EventStoreDbEventStore({ connectionString, clock });
          return store;
        },
        cleanup: () => store.close(),
      };
    },
    { gaplessPositions: false, eventIdsUniqueAcrossStreams: false },
  );
}
