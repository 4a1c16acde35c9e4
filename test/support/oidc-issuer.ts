import {
  startDevIssuer,
  type DevClaims,
  type DevIssuer,
  type DevIssuerOptions,
  type Forgery,
  type SignOptions,
} from '../../apps/cli/src/dev-issuer';

export type { DevClaims, Forgery, SignOptions };
export type OidcIssuer = DevIssuer;

/**
 * A local issuer in Microsoft Entra ID's shape for the e2e tests: the one `ledger dev-issuer` runs, on a free port and
 * (unless given) a tenant of its own, so that two issuers in one run never share an issuer URL.
 */
export function startOidcIssuer(options: DevIssuerOptions = {}): Promise<OidcIssuer> {
  return startDevIssuer({ port: 0, tenantId: crypto.randomUUID(), ...options });
}
