import type { ExpectedRevision } from './expected-revision';
import type { RecordedEvent } from './recorded-event';

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  readonly streamId: string;
  /** The revision of the stream's last event after the append: pass it as the next expectedRevision. */
  readonly nextExpectedRevision: bigint;
  /** The global position of the last event appended. */
  readonly position: bigint;
  /** The events as recorded, in order. */
  readonly events: readonly RecordedEvent[];
  /** True when every event was already stored by an earlier identical call, and nothing new was recorded. */
  readonly alreadyRecorded: boolean;
}
