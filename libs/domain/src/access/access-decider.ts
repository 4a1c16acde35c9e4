import { authorityByCode } from '../register/authority-register';
import type { Decider, DecisionContext, StoredDomainEvent } from '../shared/decider';
import { dataOf } from '../shared/decider';
import { DomainRuleViolation, invalid } from '../shared/domain-error';
import type { AccessCommand } from './access-commands';
import type { AccessEvent } from './access-events';
import type { AccessState, Grant } from './access-state';
import { initialAccessState } from './access-state';
import { isCouncilRole, type Role } from './roles';

type Handler<C extends AccessCommand['type']> = (
  command: Extract<AccessCommand, { type: C }>,
  state: AccessState,
  context: DecisionContext,
) => AccessEvent[];

/** A council role names the councils it is for (each in the national register); a national role names none. */
function checkScope(role: Role, councils: readonly string[] | undefined): void {
  if (!isCouncilRole(role)) {
    if (councils !== undefined) throw invalid('councils', `must be left out for ${role}, which holds for every council`);
    return;
  }
  if (!councils || councils.length === 0) throw invalid('councils', `must name at least one council (la_code) for ${role}`);
  councils.forEach((code, index) => {
    if (!authorityByCode(code)) throw invalid(`councils[${index}]`, `${code} is not a council in the national register`);
  });
  if (new Set(councils).size !== councils.length) throw invalid('councils', 'must not name a council twice');
}

function activeGrant(state: AccessState, grantId: string): Grant {
  const grant = state.grants.get(grantId);
  if (!grant) throw new DomainRuleViolation('NOT_STARTED', 'grantId', `no grant ${grantId} is on record`);
  if (grant.status === 'revoked') throw invalid('grantId', `grant ${grantId} was revoked: grant access again instead`);
  return grant;
}

const handlers: { readonly [C in AccessCommand['type']]: Handler<C> } = {
  GrantAccess(command, state) {
    if (state.grants.has(command.grantId))
      throw new DomainRuleViolation('ALREADY_STARTED', 'grantId', `grant ${command.grantId} is already on record`);
    checkScope(command.role, command.councils);
    const same = [...state.grants.values()].find((g) => g.status === 'active' && g.subject === command.subject && g.role === command.role);
    if (same) throw invalid('role', `${command.subject} already holds ${command.role} (grant ${same.grantId}): change that grant instead`);
    return [{ type: 'AccessGranted', data: dataOf(command) }];
  },
  ChangeAccess(command, state) {
    const grant = activeGrant(state, command.grantId);
    if (command.role === undefined && command.councils === undefined && command.displayName === undefined)
      throw invalid('grantId', 'a change must give a new role, councils or displayName');
    const role = command.role ?? grant.role;
    const councils = command.councils ?? (isCouncilRole(role) && grant.councils !== 'all' ? grant.councils : undefined);
    checkScope(role, councils);
    if (command.role !== undefined && command.role !== grant.role) {
      const same = [...state.grants.values()].find((g) => g.status === 'active' && g.subject === grant.subject && g.role === role);
      if (same) throw invalid('role', `${grant.subject} already holds ${role} (grant ${same.grantId})`);
    }
    return [{ type: 'AccessChanged', data: dataOf(command) }];
  },
  RevokeAccess(command, state) {
    activeGrant(state, command.grantId);
    return [{ type: 'AccessRevoked', data: dataOf(command) }];
  },
};

function evolve(state: AccessState, event: StoredDomainEvent<AccessEvent>): AccessState {
  switch (event.type) {
    case 'AccessGranted': {
      const { grantId, subject, displayName, role, councils } = event.data;
      state.grants.set(grantId, { grantId, subject, displayName, role, councils: councils ?? 'all', status: 'active' });
      return state;
    }
    case 'AccessChanged': {
      const grant = state.grants.get(event.data.grantId);
      if (!grant) return state;
      const role = event.data.role ?? grant.role;
      const councils = isCouncilRole(role) ? (event.data.councils ?? grant.councils) : 'all';
      state.grants.set(grant.grantId, { ...grant, role, councils, displayName: event.data.displayName ?? grant.displayName });
      return state;
    }
    case 'AccessRevoked': {
      const grant = state.grants.get(event.data.grantId);
      if (grant) state.grants.set(grant.grantId, { ...grant, status: 'revoked' });
      return state;
    }
  }
}

/** Who may do what: grants, their changes and revocations, each decided against every grant on record. */
export const accessDecider: Decider<AccessCommand, AccessEvent, AccessState> = {
  initialState: initialAccessState,
  decide(command, state, context) {
    const handler = handlers[command.type] as Handler<AccessCommand['type']>;
    return handler(command, state, context);
  },
  evolve,
};
