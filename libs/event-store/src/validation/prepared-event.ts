import type { JsonObject } from '../json/json-value';
import type { EventMetadata } from '../port/event-metadata';

/** An event that passed validation, with its id fixed and its metadata complete: ready to be stored. */
export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}
