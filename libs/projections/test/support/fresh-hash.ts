import Database from 'better-sqlite3';
import type { EventStore } from '@plan-ledger/event-store';
import { buildReadModel, createReadModelSchema, readModelHash } from '@plan-ledger/projections';

/** The hash of a model folded from scratch, in memory, up to `at`: what a live model must equal there. */
export async function freshHash(store: EventStore, at: bigint): Promise<string> {
  const db = new Database(':memory:');
  try {
    createReadModelSchema(db);
    await buildReadModel(store, db, at);
    return readModelHash(db, at);
  } finally {
    db.close();
  }
}
