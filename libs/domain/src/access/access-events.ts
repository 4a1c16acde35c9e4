import type { DomainEvent } from '../shared/decider';
import type { Role } from './roles';

/** The one stream that says who may do what: never the token or its hash, only who, which role, which councils. */
export const ACCESS_STREAM_ID = 'access';

/**
 * Whom a grant is for: an API token's id (`token:<id>`, the token itself is shown once and only its hash is kept,
 * elsewhere), or a subject of the identity provider (`oidc:<sub>`), or the operator at the machine.
 */
export type AccessSubject = `token:${string}` | `oidc:${string}`;

export interface AccessGrantedData {
  readonly grantId: string;
  readonly subject: AccessSubject;
  /** The person's name as it will appear on every event they record. */
  readonly displayName: string;
  readonly role: Role;
  /** The councils (la_codes) of a council role; absent for a national role, which holds for every council. */
  readonly councils?: readonly string[];
  readonly reason?: string;
}

export interface AccessChangedData {
  readonly grantId: string;
  readonly role?: Role;
  readonly councils?: readonly string[];
  readonly displayName?: string;
  readonly reason?: string;
}

export interface AccessRevokedData {
  readonly grantId: string;
  readonly reason?: string;
}

export type AccessEvent =
  | DomainEvent<'AccessGranted', AccessGrantedData>
  | DomainEvent<'AccessChanged', AccessChangedData>
  | DomainEvent<'AccessRevoked', AccessRevokedData>;

export const ACCESS_EVENT_TYPES: readonly AccessEvent['type'][] = ['AccessGranted', 'AccessChanged', 'AccessRevoked'];
