import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

// better-sqlite3 reads SQLITE_USE_URI once, when its native part loads (at the first `new Database`), to allow `file:`
// names with parameters; only a read-only open uses one (`immutable=1`), and every other path here is a plain file path.
process.env.SQLITE_USE_URI ??= '1';

/** Byte offsets 18 and 19 of an SQLite file: the read and write format versions, 2 for WAL, 1 for a rollback journal. */
const FORMAT_VERSIONS = [18, 19] as const;

/**
 * Opens an SQLite file (one of ours, in WAL mode) for reading only, writing nothing into its folder. A WAL reader
 * normally creates `-wal` and `-shm` files beside the database, which a read-only folder refuses
 * (SQLITE_READONLY_DIRECTORY) and which an auditor's copy must not gain. So:
 * - a `-wal` file is there: a writer has the store open (or stopped with changes not yet copied into the main file), so
 *   read as any reader does, through it, and see what the writer commits;
 * - none: the file is the whole store and nobody writes to it; read it as immutable (no `-wal`, no `-shm`, no locks),
 *   or, where this process cannot take `file:` names, from a copy in memory.
 * @throws Error naming the file when it does not exist or cannot be read
 */
export function openSqliteReadOnly(path: string, timeout: number): Database.Database {
  if (!existsSync(path)) throw new Error(`${path} does not exist: a read-only service serves a store that is already there`);
  if (existsSync(`${path}-wal`)) return new Database(path, { readonly: true, fileMustExist: true, timeout });
  try {
    return new Database(`file:${encodeURI(path).replace(/[?#]/g, encodeURIComponent)}?immutable=1`, {
      readonly: true,
      fileMustExist: true,
    });
  } catch {
    // This process loaded SQLite before SQLITE_USE_URI was set (another module opened a database first).
  }
  const copy = readFileSync(path);
  // An in-memory database cannot be in WAL mode; its header says "rollback journal" instead, on the copy only.
  for (const offset of FORMAT_VERSIONS) if (copy.length > offset && copy[offset] === 2) copy[offset] = 1;
  return new Database(copy, { readonly: true });
}
