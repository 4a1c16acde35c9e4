import type { RecordedEvent } from './recorded-event';

/** A live feed of the log: every matching event exactly once, in global order, until stopped. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Ends the feed; a pending `for await` finishes normally. Safe to call more than once. */
  stop(): Promise<void>;
}
