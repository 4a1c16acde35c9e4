import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { EventStore } from '@plan-ledger/event-store';
import { ReadModelProjector } from './read-model-projector';

/**
 * A SHA-256 of a read model as it stood at a position: every row version made by then, with a validity that ended
 * later shown as still open. Two models of one log hash alike at a position exactly when every answer, now and at
 * every earlier knownAt, would be alike there; rows are read in one fixed order, so the hash does not depend on how
 * (or in what batches) the model was built.
 */
export function readModelHash(db: Database.Database, at: bigint): string {
  const hash = createHash('sha256');
  const clip = (to: bigint): string => (to > at ? 'open' : to.toString());
  const authorities = db
    .prepare<[bigint], { la_code: string; valid_from: bigint; valid_to: bigint; region: string | null; doc: string; summary: string }>(
      'SELECT la_code, valid_from, valid_to, region, doc, summary FROM authority_rows WHERE valid_from <= ? ORDER BY la_code, valid_from',
    )
    .safeIntegers(true);
  for (const row of authorities.iterate(at))
    hash.update(JSON.stringify(['a', row.la_code, row.valid_from.toString(), clip(row.valid_to), row.region, row.doc, row.summary]));
  const plans = db
    .prepare<
      [bigint],
      {
        plan_id: string;
        key: string;
        valid_from: bigint;
        valid_to: bigint;
        la_code: string;
        kind: string;
        ord: bigint;
        owner: string | null;
        due: string | null;
        status: string | null;
        grade: string | null;
        doc: string;
      }
    >('SELECT * FROM plan_rows WHERE valid_from <= ? ORDER BY plan_id, key, valid_from')
    .safeIntegers(true);
  for (const row of plans.iterate(at))
    hash.update(
      JSON.stringify([
        'p',
        row.plan_id,
        row.key,
        row.valid_from.toString(),
        clip(row.valid_to),
        row.la_code,
        row.kind,
        row.ord.toString(),
        row.owner,
        row.due,
        row.status,
        row.grade,
        row.doc,
      ]),
    );
  return hash.digest('hex');
}

/** Folds the log from its first event to `until` into an empty model: what `ledger projections verify` compares with. */
export async function buildReadModel(store: EventStore, db: Database.Database, until: bigint): Promise<number> {
  const projector = new ReadModelProjector(db, store);
  let folded = 0;
  db.exec('BEGIN');
  try {
    for await (const event of store.readAll()) {
      if (event.position > until) break;
      await projector.project(event);
      folded += 1;
      if (folded % 5000 === 0) {
        db.exec('COMMIT');
        db.exec('BEGIN');
      }
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return folded;
}
