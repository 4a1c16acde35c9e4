import type { AccessSubject } from './access-events';
import type { Role } from './roles';

export interface Grant {
  readonly grantId: string;
  readonly subject: AccessSubject;
  readonly displayName: string;
  readonly role: Role;
  readonly councils: readonly string[] | 'all';
  readonly status: 'active' | 'revoked';
}

/** Every grant ever made, by id: a revoked grant stays, so its id cannot be granted again. */
export interface AccessState {
  readonly grants: Map<string, Grant>;
}

export function initialAccessState(): AccessState {
  return { grants: new Map() };
}

/** The roles a subject holds now, in the order granted. */
export function rolesOf(state: AccessState, subject: string): Grant[] {
  return [...state.grants.values()].filter((grant) => grant.subject === subject && grant.status === 'active');
}
