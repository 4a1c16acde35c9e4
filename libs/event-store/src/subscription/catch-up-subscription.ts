import type { RecordedEvent } from '../port/recorded-event';
import type { Subscription } from '../port/subscription';

export interface CatchUpSource {
  /** The next events strictly after `position`, in order (an empty list when caught up). */
  readAfter(position: bigint): Promise<readonly RecordedEvent[]> | readonly RecordedEvent[];
  /** Resolves when more events may exist: on a local append, after a poll interval, or on stop. */
  waitForMore(stopped: AbortSignal, seen: number): Promise<void>;
  /** A change counter read before each page, so a wake-up between the read and the wait is not lost. */
  version(): number;
}

/**
 * Catch-up then live, with one reading loop for both: the subscriber always asks for "what is after
 * the last position I delivered", so there is no hand-over moment at which an event could be missed
 * or delivered twice.
 */
export function catchUpSubscription(source: CatchUpSource, after: bigint, matches: (event: RecordedEvent) => boolean): Subscription {
  const stopped = new AbortController();
  let started = false;

  async function* feed(): AsyncGenerator<RecordedEvent> {
    let last = after;
    while (!stopped.signal.aborted) {
      const seen = source.version();
      const page = await source.readAfter(last);
      if (page.length === 0) {
        await source.waitForMore(stopped.signal, seen);
        continue;
      }
      for (const event of page) {
        if (stopped.signal.aborted) return;
        last = event.position;
        if (matches(event)) yield event;
      }
    }
  }

  return {
    [Symbol.asyncIterator]() {
      if (started) throw new Error('a subscription has one reader; subscribe again for another');
      started = true;
      return feed();
    },
    async stop() {
      stopped.abort();
    },
  };
}

export function allFilterMatcher(filter: { types?: readonly string[]; streamPrefix?: string }): (event: RecordedEvent) => boolean {
  const types = filter.types ? new Set(filter.types) : undefined;
  const prefix = filter.streamPrefix;
  return (event) => (!types || types.has(event.type)) && (!prefix || event.streamId.startsWith(prefix));
}
