import { StreamNotFound, type EventStore, type RecordedEvent } from '@plan-ledger/event-store';

/**
 * At most this many events are kept, over all streams: a long-lived plan has a few thousand, and an event held in
 * memory is about a kilobyte, so the bound is some tens of MB.
 */
export const MAX_KEPT_EVENTS = 50_000;

/**
 * The events of the streams written lately, kept between commands so that a command reads from the store only what
 * was appended since (a board grades one plan's priorities and actions one after another). Sound because the log is
 * append-only: what a stream held at a revision it holds for ever, corrections included (they are events too), so a
 * kept prefix and the events after it are the stream. Another instance's or process's appends are among "the events
 * after it". Streams are forgotten least recently used first.
 */
export class StreamHistory {
  private readonly kept = new Map<string, readonly RecordedEvent[]>();
  private total = 0;

  constructor(
    private readonly store: EventStore,
    private readonly maxEvents = MAX_KEPT_EVENTS,
  ) {}

  /** The stream's events as the store now has them, oldest first; empty for a stream that does not exist. */
  async read(streamId: string): Promise<readonly RecordedEvent[]> {
    const before = this.kept.get(streamId) ?? [];
    const after: RecordedEvent[] = [];
    const fromRevision = before.length > 0 ? before[before.length - 1].revision + 1n : undefined;
    try {
      for await (const event of this.store.readStream(streamId, fromRevision === undefined ? {} : { fromRevision })) after.push(event);
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    const events = after.length > 0 ? [...before, ...after] : before;
    this.keep(streamId, events);
    return events;
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
