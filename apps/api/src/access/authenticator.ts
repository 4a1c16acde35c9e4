import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { LedgerConfig } from '../config/ledger-config';
import type { Clock } from '@plan-ledger/event-store';
import { CLOCK, LEDGER_CONFIG } from '../event-store/event-store.tokens';
import { Forbidden, Unauthenticated } from '../errors/access-errors';
import { AccessDirectory, type Held } from './access-directory';
import { BrowserSessions } from './browser-sessions';
import { ANONYMOUS, EVERY_ROLE, type Principal } from './principal';

/** The identity provider's keys could not be fetched: the service cannot tell who anyone is, which is not their fault. */
export class IdentityProviderUnavailable extends Error {
  readonly code = 'IDENTITY_PROVIDER_UNAVAILABLE';
}

// Control, format (zero-width, bidirectional) and unassigned characters: a name holding one could forge log lines or
// hide what it says.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Cs}]/u;

// Entra ID's access tokens are 1-3 KB; a header is bounded by Node (16 KB) anyway, this says why it was refused.
const MAX_TOKEN_LENGTH = 8192;

// Asymmetric only: a token signed with a shared secret (HS*) or none could be made by anyone who knows the audience.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Who an ID token or access token names: the subject the grants are for, and the name to show and record. */
export interface Claimed {
  readonly subject: string;
  readonly displayName?: string;
}

/**
 * Who a request is, from its Authorization header: an API token (`plt_...`, checked against the vault), a JWT from the
 * configured issuer (signature against the issuer's JWKS, issuer, audience, expiry, not-before), or, in local mode
 * with no header, the local user; for a page without the header, a browser session opened by signing in. The roles
 * come from the access stream's grants to the subject, never from the token or the session.
 */
@Injectable()
export class Authenticator {
  private keys: Promise<JWTVerifyGetKey> | undefined;
  /** Browser sessions, in oidc mode only. */
  readonly sessions: BrowserSessions | undefined;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly directory: AccessDirectory,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.sessions = config.browserSignIn ? new BrowserSessions(config.browserSignIn, clock) : undefined;
  }

  /**
   * @param from where the request came from: the local user is only ever someone on this machine, so a request from
   *   elsewhere, or relayed by a proxy (which would make the whole network "this machine"), gets no identity without a token.
   * @param session the browser session cookie's id, given for pages only (never for /graphql): without an
   *   Authorization header it names who the request is.
   */
  async authenticate(
    authorization: string | undefined,
    from: { readonly loopback: boolean; readonly forwarded: boolean },
    session?: string,
  ): Promise<Principal> {
    if (authorization === undefined || authorization === '') {
      if (session !== undefined && this.sessions) return this.sessionPrincipal(this.sessions, session);
      if (this.config.auth.mode === 'local' && from.loopback && !from.forwarded)
        return { kind: 'local', id: `local:${this.config.localActor.id}`, displayName: this.config.localActor.id, roles: EVERY_ROLE };
      return ANONYMOUS;
    }
    const match = /^Bearer ([\x21-\x7E]+)$/.exec(authorization);
    if (!match) throw new Unauthenticated('the Authorization header must be "Bearer <token>"');
    if (match[1].length > MAX_TOKEN_LENGTH) throw new Unauthenticated(`the token is longer than ${MAX_TOKEN_LENGTH} characters`);
    const token = match[1];
    if (token.startsWith('plt_')) return this.apiToken(token);
    return this.jwt(token);
  }

  private apiToken(token: string): Principal | Promise<Principal> {
    const check = this.directory.vault.check(token);
    if (!check.valid) throw new Unauthenticated(check.reason);
    const subject = `token:${check.tokenId}`;
    const principal = ({ displayName, roles }: Held): Principal => {
      if (roles.length === 0) throw new Unauthenticated('the API token holds no role any more: its grants were revoked');
      return { kind: 'token', id: subject, displayName: displayName ?? subject, roles };
    };
    const held = this.directory.rolesOf(subject);
    return held instanceof Promise ? held.then(principal) : principal(held);
  }

  private async jwt(token: string): Promise<Principal> {
    const auth = this.config.auth;
    if (auth.mode !== 'oidc') throw new Unauthenticated('no identity provider is configured: only API tokens (plt_...) are accepted');
    // jose decodes base64url leniently (a signature's last character has spare bits), so one token has several spellings;
    // only the canonical one is accepted, so that nothing keyed on the token's text can be sidestepped by another.
    if (!token.split('.').every((part) => Buffer.from(part, 'base64url').toString('base64url') === part))
      throw new Unauthenticated('the token is not a valid JWT (not canonical base64url)');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keySet(), {
        issuer: auth.issuer,
        audience: auth.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', auth.subjectClaim],
        clockTolerance: 60,
      }));
    } catch (error) {
      throw this.refusal(error);
    }
    const claimed = this.claimed(payload);
    const { displayName, roles } = await this.directory.rolesOf(claimed.subject);
    return { kind: 'oidc', id: claimed.subject, displayName: (claimed.displayName ?? displayName ?? claimed.subject).trim(), roles };
  }

  /** The subject and name a verified token's claims give, as for a bearer token: an ID token at sign-in maps the same. */
  claimed(payload: JWTPayload): Claimed {
    const auth = this.config.auth;
    if (auth.mode !== 'oidc') throw new Unauthenticated('no identity provider is configured');
    const claim = payload[auth.subjectClaim];
    if (typeof claim !== 'string' || claim.length === 0 || claim.length > 190 || /\s/.test(claim))
      throw new Unauthenticated(`the token's ${auth.subjectClaim} claim must be an identifier without spaces`);
    // The provider's name for the person goes into the permanent log: only a plain one-line name, else the grant's.
    const named = [payload.name, payload.preferred_username].find(
      (value): value is string => typeof value === 'string' && value.trim() !== '' && value.length <= 200 && !UNPRINTABLE.test(value),
    );
    return { subject: `oidc:${claim}`, ...(named !== undefined ? { displayName: named.trim() } : {}) };
  }

  /**
   * The session's person with the roles their grants give now, so that a revocation counts at once. Holding none, they
   * are refused every page (Forbidden, naming what they lack) rather than shown empty pages.
   */
  private async sessionPrincipal(sessions: BrowserSessions, id: string): Promise<Principal> {
    const found = sessions.find(id);
    if ('ended' in found) throw new Unauthenticated(found.ended);
    const { subject, displayName: named } = found.session;
    const { displayName, roles } = await this.directory.rolesOf(subject);
    if (roles.length === 0) throw new Forbidden(`${subject} holds no role: an admin grants one (grantAccess)`);
    return { kind: 'oidc', id: subject, displayName: named || displayName || subject, roles };
  }

  private keySet(): Promise<JWTVerifyGetKey> {
    const auth = this.config.auth;
    if (auth.mode !== 'oidc') throw new Error('keySet in local mode');
    this.keys ??= (async () => {
      const uri = auth.jwksUri ?? (await this.discoverJwksUri(auth.issuer));
      return createRemoteJWKSet(new URL(uri), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    })();
    // A failed discovery is tried again by the next request, not remembered.
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }

  private async discoverJwksUri(issuer: string): Promise<string> {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
      if (document.issuer !== issuer) throw new Error(`its issuer is ${String(document.issuer)}, not ${issuer}`);
      if (typeof document.jwks_uri !== 'string') throw new Error('it has no jwks_uri');
      return document.jwks_uri;
    } catch (error) {
      throw new IdentityProviderUnavailable(
        `cannot read the identity provider's discovery document at ${url}: ${(error as Error).message}`,
      );
    }
  }

  private refusal(error: unknown): Error {
    if (error instanceof IdentityProviderUnavailable) return error;
    if (error instanceof errors.JWTExpired) return new Unauthenticated(`the token expired${expiry(error.payload)}`);
    if (error instanceof errors.JWTClaimValidationFailed) {
      const auth = this.config.auth;
      const expected = auth.mode === 'oidc' ? { aud: auth.audience, iss: auth.issuer } : {};
      const rule =
        error.claim === 'aud'
          ? `the token is for another audience, not ${expected.aud}`
          : error.claim === 'iss'
            ? `the token is from another issuer, not ${expected.iss}`
            : error.claim === 'nbf'
              ? 'the token is not valid yet (nbf)'
              : `the token's ${error.claim} claim fails: ${error.reason}`;
      return new Unauthenticated(rule);
    }
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return new Unauthenticated("the token's signature does not verify against the issuer's keys");
    if (error instanceof errors.JWKSNoMatchingKey) return new Unauthenticated('the token is signed with a key the issuer does not publish');
    if (error instanceof errors.JOSEAlgNotAllowed)
      return new Unauthenticated(`the token's algorithm is not accepted (only ${ALGORITHMS.join(', ')})`);
    if (
      error instanceof errors.JWKSTimeout ||
      error instanceof errors.JWKSInvalid ||
      (error instanceof Error && error.name === 'TypeError')
    )
      return new IdentityProviderUnavailable(`cannot read the identity provider's keys: ${error.message}`);
    if (error instanceof errors.JOSEError) return new Unauthenticated(`the token is not a valid JWT (${error.code})`);
    return error instanceof Error ? error : new Error(String(error));
  }
}

function expiry(payload: JWTPayload): string {
  return typeof payload.exp === 'number' ? ` at ${new Date(payload.exp * 1000).toISOString()}` : '';
}
