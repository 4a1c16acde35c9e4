import type { CorrectionCommand } from '../correction/correction-events';
import type { ParseContext } from '../parse/schema';
import type { Decider, DecisionContext, DomainEvent } from '../shared/decider';

/**
 * Everything the domain knows of one kind of stream: how its id is written, how raw input becomes one of its
 * commands (the one parse every write path uses), its decider, and which command records each of its events
 * (so a corrected event can be decided again).
 */
export interface StreamDefinition<
  Kind extends string,
  StreamCommand extends { readonly type: string },
  Event extends DomainEvent,
  State,
  Context extends DecisionContext,
> {
  readonly kind: Kind;
  streamId(key: string): string;
  parse(input: unknown, context: ParseContext): StreamCommand | CorrectionCommand;
  readonly decider: Decider<StreamCommand, Event, State, Context>;
  readonly commandOf: { readonly [EventType in string]?: StreamCommand['type'] };
  /**
   * What other streams rely on in this one (a plan's council and the inspection it responds to; a plan another plan
   * supersedes): a correction or retraction that would leave them naming nothing is refused. Throws DomainRuleViolation.
   */
  checkInbound?(state: State, context: Context): void;
}
