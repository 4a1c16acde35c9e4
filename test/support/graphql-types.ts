/** Response shapes the e2e specs read, as the GraphQL schema answers them (nullable fields are `null`, never absent). */

export interface BusinessTime {
  from: string;
  to: string | null;
  precision: string;
  label: string | null;
}

export interface Actor {
  id: string;
  role: string;
}

/** A recorded event, with the fields RECORD_RESULT selects. */
export interface RecordedEvent {
  eventId: string;
  type: string;
  recordedAt: string;
  data: unknown;
  commandId: string | null;
  occurredAt: BusinessTime;
  actor: Actor;
}

/** What a mutation answers when RECORD_RESULT is selected. */
export interface RecordResult {
  streamId: string;
  revision: string;
  position: string;
  alreadyRecorded: boolean;
  events: RecordedEvent[];
}

/** The data of a mutation `M` that selects RECORD_RESULT, e.g. `Recorded<'gradeProgress'>`. */
export type Recorded<M extends string> = { [K in M]: RecordResult };

/** The cut an answer was computed on. */
export interface Cut {
  knownAt: string;
  asOf: string | null;
  headPosition: string;
}

/** `history(...) { edges { node { ... } } }`, with the node fields selected. */
export interface HistoryEdges<N> {
  history: { edges: { node: N }[] };
}

/** `history(...) { totalCount }`. */
export interface HistoryCount {
  history: { totalCount: number };
}
