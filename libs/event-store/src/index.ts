export type { EventStore, StoreDescription } from './port/event-store';
export type { ExpectedRevision, ActualRevision } from './port/expected-revision';
export { satisfiesExpectedRevision, describeRevision } from './port/expected-revision';
export type { Actor, EventMetadata, EventMetadataInput, EventSource, OccurredAt, OccurredAtPrecision } from './port/event-metadata';
export type { OccurredAtRule, ValidationProblem } from './validation/validation-problem';
export type { EventToAppend } from './port/event-to-append';
export type { RecordedEvent } from './port/recorded-event';
export type { AppendIdempotency, AppendOptions, AppendResult } from './port/append-result';
export type {
  AllFilter,
  ReadAllOptions,
  ReadDirection,
  ReadStreamOptions,
  RecordedUntil,
  SubscribeToAllOptions,
} from './port/read-options';
export type { Subscription } from './port/subscription';
export type { JsonObject, JsonValue, JsonPrimitive } from './json/json-value';
export {
  EventStoreError,
  WrongExpectedRevision,
  StreamNotFound,
  InvalidEvent,
  InvalidReadOption,
  DuplicateEventId,
  DuplicateCommandId,
  StoreUnavailable,
  StoreReadOnly,
  StoredEventUnreadable,
  type EventStoreErrorCode,
} from './errors/event-store-errors';
export { canonicalBytes, canonicalText } from './canonical/canonical-json';
export { recordedEventFromCanonical } from './envelope/event-envelope';
export { type Clock, systemClock, ManualClock } from './clock/clock';
export { LIMITS as EVENT_LIMITS } from './validation/validate-append';
export { SqliteEventStore } from './sqlite/sqlite-event-store';
export { openSqliteReadOnly } from './sqlite/open-read-only';
export type { SqliteEventStoreOptions, SqliteSynchronous } from './sqlite/sqlite-event-store-options';
export { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb-event-store';
export { openEventStore, SQLITE_FILE_NAME, type EventStoreSettings } from './open-event-store';
export { backupSqliteStore, SqliteBackupFile, type SqliteBackupSummary } from './sqlite/sqlite-backup';
export { MAX_KEPT_EVENTS, StreamHistory } from './stream-history';
