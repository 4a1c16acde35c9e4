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
    // synchronous=NORMAL (WAL): an fsync per commit costs ~1 ms and the 5,000-append subscription test pays it
    // 5,000 times, yet no contract test can observe it (a restart here is close and reopen, not a power cut).
    // The durable FULL default is asserted in sqlite-event-store.spec.ts.
    const open = (): SqliteEventStore => new SqliteEventStore({ path, clock, pollIntervalMs: 20, synchronous: 'NORMAL' });
    let store = open();
    return {
      get store() {
        return store;
      },
      clock,
      async reopen() {
        await store.close();
        store = open();
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
