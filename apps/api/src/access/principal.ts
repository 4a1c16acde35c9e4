import { authorise, type Authorisation, type Permission, type RoleGrant, ROLES } from '@plan-ledger/domain';
import type { Actor } from '@plan-ledger/event-store';
import { Forbidden } from '../errors/access-errors';

/**
 * Who a request acts for, once authenticated: the subject the access stream's grants name, the name to record, and
 * the roles those grants give. `local` is the person at the machine in local mode; `system` the demo seed.
 */
export interface Principal {
  readonly kind: 'local' | 'oidc' | 'token' | 'system' | 'anonymous';
  readonly id: string;
  readonly displayName: string;
  readonly roles: readonly RoleGrant[];
}

/** Every role, for every council: the local user (loopback, no identity provider) and the demo seed. */
export const EVERY_ROLE: readonly RoleGrant[] = ROLES.map((role) => ({ role, councils: 'all' as const }));

export const ANONYMOUS: Principal = { kind: 'anonymous', id: 'anonymous', displayName: 'anonymous', roles: [] };

/** Throws Forbidden, naming what is missing, unless the principal's roles allow the permission (for the council). */
export function requirePermission(
  principal: Principal,
  permission: Permission,
  council?: string,
): Extract<Authorisation, { allowed: true }> {
  const decision = authorise(principal.roles, permission, council);
  if (!decision.allowed) {
    throw new Forbidden(principal.kind === 'anonymous' ? `sign in first: ${decision.missing}` : decision.missing);
  }
  return decision;
}

/** The actor recorded on an event: who, in which role, for which council. */
export function actorOf(principal: Principal, decision: { readonly role: string; readonly council?: string }): Actor {
  const role = principal.kind === 'local' ? `${decision.role} (local user, no identity provider)` : decision.role;
  return {
    id: principal.id,
    role,
    displayName: principal.displayName,
    ...(decision.council !== undefined ? { council: decision.council } : {}),
  };
}
