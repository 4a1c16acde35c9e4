import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, SqliteEventStore } from '@plan-ledger/event-store';
import { eventStoreContract, type ContractHarness } from './contract/event-store.contract';

eventStoreContract(
  'SQLite file',
  async (): Promise<ContractHarness> => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-contract-'));
    const path = join(dir, 'data', 'ledger.db');
    const clock = new ManualClock();
    let store = new SqliteEventStore({ path, clock, pollIntervalMs: 20 });
    return {
      get store() {
        return store;
      },
      clock,
      async reopen() {
        await store.close();
        store = new SqliteEventStore({ path, clock, pollIntervalMs: 20 });
        return store;
      },
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { gaplessPositions: true, eventIdsUniqueAcrossStreams: true },
);

eventStoreContract(
  'SQLite :memory:',
  async (): Promise<ContractHarness> => {
    const clock = new ManualClock();
    // An in-memory database dies with its connection, so a "restart" keeps the same store.
    const store = new SqliteEventStore({ path: ':memory:', clock });
    return { store, clock, reopen: async () => store, cleanup: () => store.close() };
  },
  { gaplessPositions: true, eventIdsUniqueAcrossStreams: true },
);
