import type {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  AppendResult as EsdbAppendResult,
  EventData,
  Filter,
  ReadPosition,
  ReadRevision,
  ResolvedEvent,
} from '@eventstore/db-client';

/**
 * The slice of `EventStoreDBClient` the adapter uses. Naming it lets the unit tests drive the
 * adapter with an in-memory fake, since no server can run where the tests run.
 */
export interface EventStoreDbClientPort {
  appendToStream(streamName: string, events: EventData[], options: { expectedRevision: AppendExpectedRevision }): Promise<EsdbAppendResult>;
  readStream(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: 'forwards' | 'backwards'; maxCount?: number | bigint },
  ): AsyncIterable<ResolvedEvent>;
  readAll(options: {
    fromPosition?: ReadPosition;
    direction?: 'forwards' | 'backwards';
    maxCount?: number | bigint;
  }): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: {
    fromPosition?: ReadPosition;
    filter?: Filter;
  }): AsyncIterable<AllStreamResolvedEvent> & { unsubscribe(): Promise<void> };
  dispose(): Promise<void>;
}
