import type { BusinessTime } from '../business-time/business-time';

/** An event as the domain sees it: a name and its data. Metadata (occurredAt, actor...) is the application's. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * An event read back from the log: the domain needs its id to let corrections name it, and its business time
 * where a rule orders things by when they happened.
 */
export type StoredDomainEvent<E extends DomainEvent = DomainEvent> = E & { readonly eventId: string; readonly occurredAt?: BusinessTime };

/** What a decision may depend on besides the command and the stream: the day of recording and the business time. */
export interface DecisionContext {
  /** YYYY-MM-DD: the day the command is recorded (on replay, the day the event was recorded). */
  readonly recordedOn: string;
  /** When the command says the thing happened (the envelope's occurredAt). */
  readonly occurredAt?: BusinessTime;
  /** The key of the stream decided on (la code, plan id): the stream's own id field must name it. */
  readonly streamKey?: string;
}

/**
 * The Decider pattern (Emmett's shape): the whole behaviour of a stream in three pure parts.
 * decide refuses a command by throwing DomainRuleViolation, and otherwise returns the events it causes.
 * `initialState()` makes a fresh state for each fold; evolve may update the state it is handed (the fold owns
 * it, and nothing else holds it), which keeps folding a long stream linear.
 */
export interface Decider<Command, Event extends DomainEvent, State, Context extends DecisionContext = DecisionContext> {
  readonly initialState: () => State;
  decide(command: Command, state: State, context: Context): Event[];
  evolve(state: State, event: StoredDomainEvent<Event>): State;
}

export function fold<Event extends DomainEvent, State>(
  decider: { readonly initialState: () => State; evolve(state: State, event: StoredDomainEvent<Event>): State },
  events: Iterable<StoredDomainEvent<Event>>,
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** A command's data: what its event records (the command less its type). */
export function dataOf<C extends { readonly type: string }>(command: C): Omit<C, 'type'> {
  const { type: _, ...data } = command;
  return data;
}
