import { AUTHORITY_COMMAND_OF, type AuthorityCommand, type AuthorityStreamCommand } from '../authority/authority-commands';
import { authorityDecider } from '../authority/authority-decider';
import { authorityStreamId, type AuthorityEvent } from '../authority/authority-events';
import type { AuthorityState } from '../authority/authority-state';
import type { StreamDefinition } from '../history/stream-definition';
import { parseAuthorityCommand } from '../parse/authority-command';
import { parsePlanCommand } from '../parse/plan-command';
import { PLAN_COMMAND_OF, type PlanCommand, type PlanStreamCommand } from '../plan/plan-commands';
import type { PlanDecisionContext } from '../plan/plan-context';
import { planDecider } from '../plan/plan-decider';
import { planStreamId, type PlanEvent } from '../plan/plan-events';
import type { PlanState } from '../plan/plan-state';
import type { DecisionContext } from '../shared/decider';

export const authorityStream: StreamDefinition<'authority', AuthorityStreamCommand, AuthorityEvent, AuthorityState, DecisionContext> = {
  kind: 'authority',
  streamId: authorityStreamId,
  parse: parseAuthorityCommand,
  decider: authorityDecider,
  commandOf: AUTHORITY_COMMAND_OF,
};

export const planStream: StreamDefinition<'plan', PlanStreamCommand, PlanEvent, PlanState, PlanDecisionContext> = {
  kind: 'plan',
  streamId: planStreamId,
  parse: parsePlanCommand,
  decider: planDecider,
  commandOf: PLAN_COMMAND_OF,
};

/** Every kind of stream, by name: the application dispatches on this, so a new kind is one entry here. */
export const STREAMS = { authority: authorityStream, plan: planStream } as const;
export type StreamKind = keyof typeof STREAMS;

/** The command and decision context of each kind, so RecordCommand can be generic over the kind. */
export interface StreamTypes {
  authority: { command: AuthorityCommand; context: DecisionContext };
  plan: { command: PlanCommand; context: PlanDecisionContext };
}
