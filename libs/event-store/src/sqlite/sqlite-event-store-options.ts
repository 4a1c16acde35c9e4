import type { Clock } from '../clock/clock';
import type { OccurredAtRule } from '../validation/validation-problem';

export type SqliteSynchronous = 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';

export interface SqliteEventStoreOptions {
  /** A file path (its folder is created) or `:memory:`. */
  readonly path: string;
  readonly clock?: Clock;
  /** FULL by default: this is audit data, and a committed event must survive a power cut. */
  readonly synchronous?: SqliteSynchronous;
  /** How long a write waits for another process's lock before StoreUnavailable. */
  readonly busyTimeoutMs?: number;
  /** How often a caught-up subscription looks for events appended by other processes. */
  readonly pollIntervalMs?: number;
  /** A further rule for metadata.occurredAt, after the store's own (shape, calendar, order); the service passes the domain's. */
  readonly occurredAtRule?: OccurredAtRule;
  /**
   * Serve reads only, writing nothing (not even SQLite's -wal and -shm files when no writer has the file open): for a
   * read-only data folder or an auditor's copy. Appends are refused with StoreReadOnly; the file must exist.
   */
  readonly readOnly?: boolean;
}

export const SQLITE_DEFAULTS = {
  synchronous: 'FULL' as SqliteSynchronous,
  busyTimeoutMs: 5_000,
  pollIntervalMs: 100,
};
