import type { Role } from '@plan-ledger/domain';
import { graphql } from './graphql';

/**
 * A new API token holding `role` (for `councils`, if a council role), granted through the service by the local user
 * (local mode: no header acts as the local user, who holds every role) or by `asToken`.
 */
export async function grantToken(
  baseUrl: string,
  role: Role,
  councils?: readonly string[],
  options: { displayName?: string; asToken?: string } = {},
): Promise<{ token: string; grantId: string; subject: string }> {
  const response = await graphql<{ grantAccess: { token: string; grantId: string; subject: string } }>(
    baseUrl,
    'mutation ($input: GrantAccessInput!) { grantAccess(input: $input) { token grantId subject } }',
    { input: { displayName: options.displayName ?? `A ${role}`, role, ...(councils ? { councils } : {}) } },
    { token: options.asToken },
  );
  if (!response.data) throw new Error(`grantAccess failed: ${response.raw}`);
  return response.data.grantAccess;
}
