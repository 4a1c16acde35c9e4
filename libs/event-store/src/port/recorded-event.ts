import type { JsonObject } from '../json/json-value';
import type { EventMetadata } from './event-metadata';

/** An event as the log holds it. */
export interface RecordedEvent<Data extends JsonObject = JsonObject> {
  readonly eventId: string;
  readonly streamId: string;
  /** 0-based, consecutive within the stream. */
  readonly revision: bigint;
  /** Place in the global order: gapless from 1 on SQLite, the commit position on EventStoreDB. */
  readonly position: bigint;
  readonly type: string;
  readonly data: Data;
  readonly metadata: EventMetadata;
  /** When the store recorded it (ISO 8601, UTC, milliseconds); never goes backwards along the global order. */
  readonly recordedAt: string;
  /**
   * The exact RFC 8785 bytes of the event's envelope as stored: eventId, streamId, revision, type, data,
   * metadata and recordedAt. Position is kept outside because EventStoreDB only assigns it at commit.
   */
  readonly canonical: Buffer;
}
