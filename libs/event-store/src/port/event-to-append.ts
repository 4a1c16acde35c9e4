import type { JsonObject } from '../json/json-value';
import type { EventMetadataInput } from './event-metadata';

/** An event as a writer hands it to the store. */
export interface EventToAppend {
  /** A UUID chosen by the writer so that a retried append is recognised; generated (UUID v7) when absent. */
  readonly eventId?: string;
  /** The event's name in the domain, e.g. `MonitoringVisitLogged`. */
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadataInput;
}
