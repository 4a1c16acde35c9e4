import { join } from 'node:path';
import type { Clock } from './clock/clock';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import type { EventStore } from './port/event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import type { SqliteSynchronous } from './sqlite/sqlite-event-store-options';
import type { OccurredAtRule } from './validation/validation-problem';

export interface EventStoreSettings {
  /** Set: EventStoreDB/KurrentDB. Unset: the embedded SQLite file under dataDir. */
  readonly eventStoreConnectionString?: string;
  readonly dataDir: string;
  readonly sqliteSynchronous?: SqliteSynchronous;
  readonly clock?: Clock;
  /** A further rule for metadata.occurredAt, after the store's own; the service passes the domain's businessTimeProblems. */
  readonly occurredAtRule?: OccurredAtRule;
  /** The embedded store only: serve reads, write nothing (see SqliteEventStoreOptions.readOnly). */
  readonly readOnly?: boolean;
}

export const SQLITE_FILE_NAME = 'ledger.db';

/** The one place that turns configuration into an adapter. */
export function openEventStore(settings: EventStoreSettings): EventStore {
  if (settings.eventStoreConnectionString) {
    return new EventStoreDbEventStore({
      connectionString: settings.eventStoreConnectionString,
      clock: settings.clock,
      occurredAtRule: settings.occurredAtRule,
    });
  }
  return new SqliteEventStore({
    path: settings.dataDir === ':memory:' ? ':memory:' : join(settings.dataDir, SQLITE_FILE_NAME),
    synchronous: settings.sqliteSynchronous,
    clock: settings.clock,
    occurredAtRule: settings.occurredAtRule,
    readOnly: settings.readOnly,
  });
}
