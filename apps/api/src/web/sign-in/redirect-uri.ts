import type { FastifyRequest } from 'fastify';
import type { LedgerConfig } from '../../config/ledger-config';

export const CALLBACK_PATH = '/sign-in/callback';

/**
 * Where the provider sends the browser back: LEDGER_OIDC_REDIRECT_URI, else this request's own origin. The provider
 * sends codes only to the addresses registered with it, so a forged Host header gains nothing; behind a proxy that
 * ends TLS, set the variable, since the request here looks like plain HTTP.
 */
export function redirectUriOf(config: LedgerConfig, request: FastifyRequest): string {
  return config.browserSignIn?.redirectUri ?? `${request.protocol}://${request.host}${CALLBACK_PATH}`;
}

/** This service's origin as the browser sees it, for the provider to send a signed-out browser back to. */
export function serviceOriginOf(config: LedgerConfig, request: FastifyRequest): string {
  return new URL(redirectUriOf(config, request)).origin;
}
