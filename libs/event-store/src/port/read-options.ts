/** A point on the recording clock: only events recorded at or before it are returned ("as known at"). */
export type RecordedUntil = Date | string;

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: bigint | 'start' | 'end';
  readonly direction?: ReadDirection;
  readonly maxCount?: number;
  readonly recordedUntil?: RecordedUntil;
}

export interface AllFilter {
  /** Only events of these types. */
  readonly types?: readonly string[];
  /** Only events of streams whose id starts with this, e.g. `plan-`. */
  readonly streamPrefix?: string;
}

export interface ReadAllOptions extends AllFilter {
  /** Inclusive: the first event returned is at this position or the next one after it. */
  readonly fromPosition?: bigint | 'start';
  readonly maxCount?: number;
  readonly recordedUntil?: RecordedUntil;
}

export interface SubscribeToAllOptions extends AllFilter {
  /**
   * A checkpoint: the position of the last event already processed. The subscription delivers the events
   * strictly after it (as EventStoreDB does), then stays live. `'start'` delivers everything, `'end'` only new events.
   */
  readonly fromPosition?: bigint | 'start' | 'end';
}
