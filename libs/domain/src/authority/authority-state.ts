/** A monitoring visit as the numbering rules need it. */
export interface VisitFacts {
  readonly number: number;
  readonly follows: string;
  /** The first day of fieldwork, or of the business time when fieldwork is not known: YYYY, YYYY-MM or YYYY-MM-DD. */
  readonly startedOn?: string;
}

interface AuthorityFacts {
  readonly laCode: string;
  readonly inspections: Set<string>;
  /** Every visit id (monitoring and focused), so findings and plans can refer to them. */
  readonly visits: Set<string>;
  readonly monitoringVisits: Map<string, VisitFacts>;
  readonly findings: Set<string>;
  readonly interventions: Map<string, 'in force' | 'lifted'>;
  readonly appointments: Set<string>;
  readonly reviews: Set<string>;
  /** eventId of each inspection and visit → the SHA-256 of every document attached to it (SourceAttached). */
  readonly sources: Map<string, Set<string>>;
}

/** A council's stream is absent until the council is registered. */
export type AuthorityState = { readonly status: 'absent' } | (AuthorityFacts & { readonly status: 'registered' });
export type RegisteredAuthority = Extract<AuthorityState, { status: 'registered' }>;

export const initialAuthorityState = (): AuthorityState => ({ status: 'absent' });
