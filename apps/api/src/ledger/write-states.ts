import type { DecisionContext, DomainEvent, StreamDefinition } from '@plan-ledger/domain';
import { StreamNotFound, type EventStore, type RecordedEvent, type StreamHistory } from '@plan-ledger/event-store';
import { WriteState } from './write-state';

type Definition<State> = StreamDefinition<string, { readonly type: string }, DomainEvent, State, DecisionContext>;

/**
 * Streams whose write state is kept, least recently used forgotten first. A state is the decider's (about 5 kB as JSON
 * for a plan of 5,000 events) and a hash of each command key (a small integer in a Set).
 */
export const MAX_WRITE_STATES = 20_000;

/**
 * The write state of the streams commands were decided on lately (and of every stream once warmed at start): the next
 * command on a stream reads from the store only what was appended since, whoever appended it (another process
 * included). Sound because the log is append-only; a correction or retraction among the new events makes the state
 * be folded again from the whole stream.
 */
export class WriteStates {
  private readonly kept = new Map<string, WriteState<unknown>>();

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    /** Where a stream is read whole: shared with the read model, which re-folds a plan just after a command on it. */
    private readonly streams: StreamHistory,
    private readonly max = MAX_WRITE_STATES,
  ) {}

  /** The stream's write state as the store now has it. Errors of the store's reads (a damaged row) are the caller's. */
  async read<State>(streamId: string, definition: Definition<State>): Promise<WriteState<State>> {
    const kept = this.kept.get(streamId) as WriteState<State> | undefined;
    if (kept && kept.follow(await this.after(streamId, kept.revision))) {
      this.keep(streamId, kept);
      return kept;
    }
    const state = WriteState.of(definition, await this.streams.read(streamId));
    this.keep(streamId, state);
    return state;
  }

  /** Events a command appended at `expected` + 1 on: the state kept follows them when it was at `expected`. */
  appended(streamId: string, expected: bigint | undefined, events: readonly RecordedEvent[]): void {
    const kept = this.kept.get(streamId);
    if (!kept || kept.revision !== expected) return;
    if (!kept.follow(events)) this.kept.delete(streamId);
  }

  /** A stream read whole at start, kept unless a command has already read it. */
  warm<State>(streamId: string, definition: Definition<State>, events: readonly RecordedEvent[]): void {
    if (!this.kept.has(streamId)) this.keep(streamId, WriteState.of(definition, events));
  }

  private async after(streamId: string, revision: bigint | undefined): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const event of this.store.readStream(streamId, revision === undefined ? {} : { fromRevision: revision + 1n }))
        events.push(event);
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    return events;
  }

  private keep(streamId: string, state: WriteState<unknown>): void {
    this.kept.delete(streamId);
    this.kept.set(streamId, state);
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.max) break;
      this.kept.delete(oldest);
    }
  }
}
