/**
 * What a person may do, per council or for every council. Council roles are held for named councils; national
 * roles for all of them. The matrix of what each allows is permissions.ts.
 */
export const COUNCIL_ROLES = ['viewer', 'editor', 'board', 'commissioner'] as const;
export const NATIONAL_ROLES = ['inspection-data', 'auditor', 'admin'] as const;
export const ROLES = [...COUNCIL_ROLES, ...NATIONAL_ROLES] as const;

export type CouncilRole = (typeof COUNCIL_ROLES)[number];
export type NationalRole = (typeof NATIONAL_ROLES)[number];
export type Role = (typeof ROLES)[number];

export function isCouncilRole(role: Role): role is CouncilRole {
  return (COUNCIL_ROLES as readonly string[]).includes(role);
}

/** One role a principal holds: for the councils named, or (a national role) for every council. */
export interface RoleGrant {
  readonly role: Role;
  /** la_codes; 'all' for a national role. */
  readonly councils: readonly string[] | 'all';
}
