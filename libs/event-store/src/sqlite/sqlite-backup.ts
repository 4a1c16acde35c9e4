import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Files kept inside a backup beside the events (the notary's checkpoints and public key), so that one file is the whole
 * backup and its checkpoints can never be paired with another copy's events by mistake.
 */
const ATTACHMENTS_TABLE = 'ledger_backup_files';

export interface SqliteBackupSummary {
  readonly events: number;
  readonly lastPosition: number;
  readonly bytes: number;
}

/**
 * Copies the live store into `out` with `VACUUM INTO`: one read transaction, so the copy is a consistent snapshot
 * even while the service appends (in WAL mode a reader neither blocks writers nor is restarted by them, which the
 * page-by-page backup API would be under steady writes). The attachments are added to the copy, which appears at
 * `out` only once complete.
 * @throws Error when the store cannot be read or `out` already exists
 */
export function backupSqliteStore(sourcePath: string, out: string, attachments: ReadonlyMap<string, Buffer>): SqliteBackupSummary {
  if (existsSync(out)) throw new Error(`${out} already exists: a backup never overwrites a file`);
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  // Read-write but never written: a read-only connection cannot open a WAL database whose -shm file is absent.
  const source = new Database(sourcePath, { fileMustExist: true, timeout: 5_000 });
  try {
    source.prepare('VACUUM INTO ?').run(partial);
  } finally {
    source.close();
  }
  const copy = new Database(partial);
  let summary: { events: number; lastPosition: number };
  try {
    copy.exec(`CREATE TABLE ${ATTACHMENTS_TABLE} (name TEXT PRIMARY KEY, content BLOB NOT NULL) STRICT`);
    const insert = copy.prepare(`INSERT INTO ${ATTACHMENTS_TABLE} (name, content) VALUES (?, ?)`);
    copy.transaction(() => {
      for (const [name, content] of attachments) insert.run(name, content);
    })();
    summary = copy
      .prepare<[], { events: number; lastPosition: number }>(
        'SELECT COUNT(*) AS events, COALESCE(MAX(position), 0) AS lastPosition FROM events',
      )
      .get()!;
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  copy.close();
  renameSync(partial, out);
  return { ...summary, bytes: statSync(out).size };
}

/** A backup file (or any store's file) opened read-only, to be checked and restored from. */
export class SqliteBackupFile {
  private readonly db: Database.Database;

  constructor(readonly path: string) {
    try {
      this.db = new Database(path, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new Error(`${path} cannot be opened as a backup: ${(error as Error).message}`, { cause: error });
    }
  }

  /** SQLite's own check of every page and index: `['ok']` when sound, else what it found (at most `max`). */
  integrityCheck(max = 10): string[] {
    try {
      const rows = this.db.pragma(`integrity_check(${max})`) as Record<string, unknown>[];
      return rows.map((row) => String(Object.values(row)[0]));
    } catch (error) {
      return [(error as Error).message];
    }
  }

  /** The files kept with the events, by name; empty for a database that is not a `ledger backup`. */
  attachments(): Map<string, Buffer> {
    const table = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(ATTACHMENTS_TABLE);
    if (!table) return new Map();
    const rows = this.db.prepare<[], { name: string; content: Buffer }>(`SELECT name, content FROM ${ATTACHMENTS_TABLE}`).all();
    return new Map(rows.map((row) => [row.name, row.content]));
  }

  /** Every stored event in log order, as the bytes the log keeps (only the canonical column counts: the rest is index). */
  *events(): Generator<{ readonly position: number; readonly canonical: Buffer }> {
    yield* this.db
      .prepare<[], { position: number; canonical: Buffer }>('SELECT position, canonical FROM events ORDER BY position')
      .iterate();
  }

  close(): void {
    this.db.close();
  }
}
