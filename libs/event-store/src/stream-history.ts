import { StreamNotFound } from './errors/event-store-errors';
import type { EventStore } from './port/event-store';
import type { RecordedEvent } from './port/recorded-event';

/**
 * At most this many events are kept, over all streams: a long-lived plan has a few thousand (5,000 at 1M events), and
 * an event held in memory, with the stored bytes it came from, is about 2 kB (measured: 1.0 kB of heap and 1.2 kB of
 * buffers), so the bound is about 100 MB.
 */
export const MAX_KEPT_EVENTS = 50_000;

/**
 * The events of the streams read lately, kept so that the next reader of a stream (the next command on it, or the
 * read model re-folding it) reads from the store only what was appended since. Sound because the log is append-only:
 * what a stream held at a revision it holds for ever, corrections included (they are events too), so a kept prefix and
 * the events after it are the stream, whoever appended them (another instance or process included). Streams are
 * forgotten least recently used first.
 */
export class StreamHistory {
  private readonly kept = new Map<string, readonly RecordedEvent[]>();
  private total = 0;

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly maxEvents = MAX_KEPT_EVENTS,
  ) {}

  /**
   * The stream's events, oldest first, up to `upToRevision` (included) or, without it, as the store now has them;
   * empty for a stream that does not exist. Errors of the store's reads (a damaged row) are the caller's.
   */
  async read(streamId: string, upToRevision?: bigint): Promise<readonly RecordedEvent[]> {
    const before = this.kept.get(streamId) ?? [];
    const last = before.length > 0 ? before[before.length - 1].revision : -1n;
    // Filtered by revision, not counted: a store may pass over an event it cannot read (EventStoreDB skips what is not
    // a ledger envelope), so the n-th event kept need not be revision n.
    const upTo = (events: readonly RecordedEvent[]) =>
      upToRevision === undefined ? events : events.filter((event) => event.revision <= upToRevision);
    if (upToRevision !== undefined && upToRevision <= last) {
      this.keep(streamId, before);
      return upTo(before);
    }
    const after: RecordedEvent[] = [];
    const options = {
      ...(last >= 0n ? { fromRevision: last + 1n } : {}),
      ...(upToRevision !== undefined ? { maxCount: Number(upToRevision - last) } : {}),
    };
    try {
      for await (const event of this.store.readStream(streamId, options)) after.push(event);
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    const events = after.length > 0 ? [...before, ...after] : before;
    this.keep(streamId, events);
    return upTo(events);
  }

  private keep(streamId: string, events: readonly RecordedEvent[]): void {
    this.total -= this.kept.get(streamId)?.length ?? 0;
    this.kept.delete(streamId);
    if (events.length === 0 || events.length > this.maxEvents) return;
    this.kept.set(streamId, events);
    this.total += events.length;
    for (const [oldest, list] of this.kept) {
      if (this.total <= this.maxEvents) break;
      this.kept.delete(oldest);
      this.total -= list.length;
    }
  }
}
