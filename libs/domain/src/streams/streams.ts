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
import type { AuthorityDecisionContext } from '../authority/authority-context';
import { DomainRuleViolation } from '../shared/domain-error';

const dangling = (rule: string) => new DomainRuleViolation('UNKNOWN_REFERENCE', 'eventId', rule);

export const authorityStream: StreamDefinition<
  'authority',
  AuthorityStreamCommand,
  AuthorityEvent,
  AuthorityState,
  AuthorityDecisionContext
> = {
  kind: 'authority',
  streamId: authorityStreamId,
  parse: parseAuthorityCommand,
  decider: authorityDecider,
  commandOf: AUTHORITY_COMMAND_OF,
  checkInbound(state, context) {
    const relied = context.reliedOnBy;
    if (!relied) return;
    if (state.status === 'absent') {
      if (relied.plans.length > 0) throw dangling(`plans ${relied.plans.join(', ')} belong to this council: it must stay registered`);
      return;
    }
    for (const [id, plans] of relied.references) {
      if (!state.inspections.has(id) && !state.visits.has(id))
        throw dangling(`plans ${plans.join(', ')} name ${id}: it must stay on record`);
    }
  },
};

export const planStream: StreamDefinition<'plan', PlanStreamCommand, PlanEvent, PlanState, PlanDecisionContext> = {
  kind: 'plan',
  streamId: planStreamId,
  parse: parsePlanCommand,
  decider: planDecider,
  commandOf: PLAN_COMMAND_OF,
  checkInbound(state, context) {
    const by = context.supersededBy ?? [];
    if (state.status === 'absent' && by.length > 0) throw dangling(`plans ${by.join(', ')} supersede this plan: it must stay on record`);
  },
};

/** Every kind of stream, by name: the application dispatches on this, so a new kind is one entry here. */
export const STREAMS = { authority: authorityStream, plan: planStream } as const;
export type StreamKind = keyof typeof STREAMS;

/** The command and decision context of each kind, so RecordCommand can be generic over the kind. */
export interface StreamTypes {
  authority: { command: AuthorityCommand; context: AuthorityDecisionContext };
  plan: { command: PlanCommand; context: PlanDecisionContext };
}
