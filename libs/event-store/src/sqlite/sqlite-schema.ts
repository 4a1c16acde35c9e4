import type Database from 'better-sqlite3';

/**
 * One table is the whole log, plus an index of it: `commands`, the append each command (actor, idempotency key)
 * recorded, so that commands are recognised without deriving event ids from them (one row per command, where ids derived
 * from keys put every event at a random place in the id index). It holds nothing the log does not: a restore rebuilds
 * it from the envelopes' metadata. Files made before it gain it on their next writable open (CREATE IF NOT EXISTS).
 * In `events`, position is the rowid (gapless because the store assigns it under the write lock); the envelope's
 * canonical bytes are the only copy of the event's content, so what is read back is byte-for-byte what was hashed. The
 * other columns exist to be indexed.
 */
export function createSchema(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position    INTEGER PRIMARY KEY,
      stream_id   TEXT    NOT NULL,
      revision    INTEGER NOT NULL,
      event_id    TEXT    NOT NULL UNIQUE,
      type        TEXT    NOT NULL,
      recorded_at TEXT    NOT NULL,
      canonical   BLOB    NOT NULL,
      UNIQUE (stream_id, revision)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
    CREATE INDEX IF NOT EXISTS events_by_recorded_at ON events (recorded_at);
    CREATE TABLE IF NOT EXISTS commands (
      actor_id       TEXT    NOT NULL,
      command_id     TEXT    NOT NULL,
      stream_id      TEXT    NOT NULL,
      first_position INTEGER NOT NULL,
      last_position  INTEGER NOT NULL,
      PRIMARY KEY (actor_id, command_id)
    ) STRICT, WITHOUT ROWID;
  `);
}
