import type { LedgerChange } from './ledger-change';
import { SubscriberFellBehind } from './subscription-errors';

/**
 * One subscriber's changes, as the async iterator graphql-js reads a subscription from. Bounded: a subscriber that
 * falls more than `limit` changes behind is ended with SubscriberFellBehind rather than held in memory without end.
 */
export class ChangeQueue implements AsyncIterableIterator<LedgerChange> {
  private readonly buffered: LedgerChange[] = [];
  private waiting: { resolve: (result: IteratorResult<LedgerChange>) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private ended = false;
  private lastDelivered: bigint | undefined;

  constructor(
    private readonly accepts: (change: LedgerChange) => boolean,
    private readonly limit: number,
    private readonly onEnd: () => void,
  ) {}

  /** Takes a change if the subscriber wants it and may read it. */
  offer(change: LedgerChange): void {
    if (this.ended || !this.accepts(change)) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      this.lastDelivered = change.position;
      resolve({ value: change, done: false });
      return;
    }
    if (this.buffered.length >= this.limit) {
      this.fail(new SubscriberFellBehind(this.limit, this.lastDelivered));
      return;
    }
    this.buffered.push(change);
  }

  /** Ends the subscription with `error`: the client is sent it, then nothing more. */
  fail(error: Error): void {
    if (this.ended) return;
    this.buffered.length = 0;
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = undefined;
      reject(error);
    } else this.failure = error;
    this.finish();
  }

  next(): Promise<IteratorResult<LedgerChange>> {
    const change = this.buffered.shift();
    if (change) {
      this.lastDelivered = change.position;
      return Promise.resolve({ value: change, done: false });
    }
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** The client stopped (complete, closed socket): drop what waits and leave the feed. */
  return(): Promise<IteratorResult<LedgerChange>> {
    this.buffered.length = 0;
    this.failure = undefined;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<LedgerChange> {
    return this;
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
  }
}
