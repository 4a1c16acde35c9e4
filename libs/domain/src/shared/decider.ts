/** An event as the domain sees it: a name and its data. Metadata (occurredAt, actor...) is the application's. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** An event read back from the log: the domain needs its id to let corrections name it. */
export type StoredDomainEvent<E extends DomainEvent = DomainEvent> = E & { readonly eventId: string };

/**
 * The Decider pattern: the whole behaviour of a stream in three pure parts.
 * decide refuses a command by throwing DomainRuleViolation, and otherwise returns the events it causes.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: StoredDomainEvent<Event>): State;
}

export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  events: readonly StoredDomainEvent<Event>[],
): State {
  return events.reduce(decider.evolve, decider.initialState);
}
