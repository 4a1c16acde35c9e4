import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROLES, isCouncilRole, type Role } from '@plan-ledger/domain';
import {
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';
import { isLoopbackHost } from '../../api/src/config/loopback';
import { codeFlow } from './dev-issuer-code-flow';

/**
 * A stand-in for Microsoft Entra ID, for development and tests only: it publishes a discovery document and a JWKS in
 * Entra's v2.0 shape, signs whatever token it is asked for, and signs browsers in with the authorization code flow
 * and PKCE (dev-issuer-code-flow.ts) as whoever they say they are. Anyone who can reach it can be anyone, so it
 * listens on loopback only, and its key lives in memory only (a restart makes new keys, so old tokens stop working).
 */
export interface DevIssuer {
  /** As Entra writes it: `http://127.0.0.1:<port>/<tenant>/v2.0`, the value for LEDGER_OIDC_ISSUER. */
  readonly issuer: string;
  /** The audience tokens are issued for by default, the value for LEDGER_OIDC_AUDIENCE. */
  readonly audience: string;
  readonly jwksUri: string;
  readonly tenantId: string;
  readonly port: number;
  /** The published key's id (its JWK thumbprint, as Entra's kids are). */
  readonly kid: string;
  /** The application (client) id browsers sign in to. */
  readonly clientId: string;
  sign(claims: DevClaims, options?: SignOptions): Promise<string>;
  stop(): Promise<void>;
}

/** What a token says about its holder; every claim not given gets Entra's usual value, and any given replaces it. */
export interface DevClaims {
  readonly sub: string;
  readonly [claim: string]: unknown;
}

/** Ways a token can be wrong, each one a check the service must make. */
export type Forgery =
  /** Signed by another RSA key that claims the published key's kid: only the signature check can tell. */
  | 'unpublished-key'
  /** Signed by the published key, but naming a kid the issuer does not publish. */
  | 'unpublished-kid'
  /** `alg: none`, no signature at all. */
  | 'alg-none'
  /** Algorithm confusion: HS256 with the issuer's public key (PEM) as the shared secret, which anyone can read. */
  | 'hs256-public-key';

export interface SignOptions {
  /** Default one hour. */
  readonly lifetimeSeconds?: number;
  /** Expired an hour ago, well beyond any clock tolerance. */
  readonly expired?: boolean;
  /** Valid only from an hour from now (nbf). */
  readonly notYetValid?: boolean;
  readonly audience?: string;
  readonly issuer?: string;
  readonly forgery?: Forgery;
}

export interface DevIssuerOptions {
  /** Loopback only; default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Default DEV_TENANT_ID, so that the issuer URL, and the service's configuration, stay the same across restarts. */
  readonly tenantId?: string;
  readonly audience?: string;
  /** The application (client) id browsers sign in to; default the audience (one app registration for both). */
  readonly clientId?: string;
  /** Set: the token endpoint requires this secret of the client. Unset: a public client, PKCE alone. */
  readonly clientSecret?: string;
}

/** A fixed tenant and application (client) id, in Entra's GUID form; nothing real is behind either. */
export const DEV_TENANT_ID = '0d3e1b2c-5a4f-4c6d-8e7f-000000000885';
export const DEV_AUDIENCE = '3c9a5b1e-7d2f-4e8a-9b6c-0000dec0de01';
// uuid v5 namespace for the oid claim: the same subject gets the same oid on every run, as a real directory's would.
const OID_NAMESPACE = '6b7e3f0a-2c1d-4f5e-8a9b-5d4c3b2a1f00';

/** Thrown for a host other than loopback: the issuer vouches for anyone, so nobody else may reach it. */
export class NotLoopback extends Error {
  constructor(host: string) {
    super(`the development issuer listens on loopback only (127.0.0.1, ::1, localhost), not ${host}: it signs a token for anyone who asks`);
    this.name = 'NotLoopback';
  }
}

export async function startDevIssuer(options: DevIssuerOptions = {}): Promise<DevIssuer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new NotLoopback(host);
  const tenantId = options.tenantId ?? DEV_TENANT_ID;
  const audience = options.audience ?? DEV_AUDIENCE;

  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const publicJwk = await exportJWK(publicKey);
  const publicPem = await exportSPKI(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  // Made only when a forgery needs it.
  let foreignKey: Promise<CryptoKey> | undefined;

  const discoveryPath = `/${tenantId}/v2.0/.well-known/openid-configuration`;
  const jwksPath = `/${tenantId}/discovery/v2.0/keys`;
  const authorizePath = `/${tenantId}/oauth2/v2.0/authorize`;
  const tokenPath = `/${tenantId}/oauth2/v2.0/token`;
  const logoutPath = `/${tenantId}/oauth2/v2.0/logout`;
  const clientId = options.clientId ?? audience;
  const flow = codeFlow({
    clientId,
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    tokensFor: async ({ subject, nonce, clientId: client }) => ({
      // The ID token is for the client (aud and azp), and carries the nonce the sign-in was started with.
      idToken: await sign({ sub: subject, azp: client, ...(nonce !== undefined ? { nonce } : {}) }, { audience: client }),
      accessToken: await sign({ sub: subject }),
    }),
  });
  // Known once the port is: until then the server answers 503, though nobody can know the port to ask before.
  const state: { published?: { origin: string; issuer: string; jwksUri: string; jwks: { keys: (JWK & { issuer: string })[] } } } = {};
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://issuer');
    const path = url.pathname;
    const published = state.published;
    if (!published) return send(response, 503, { error: 'temporarily_unavailable' });
    if (request.method === 'POST' && path === tokenPath) {
      flow.token(request, response).catch(() => {
        if (!response.headersSent) send(response, 500, { error: 'server_error' });
        else response.destroy();
      });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(response, 405, { error: 'invalid_request', error_description: `only GET, and POST to ${tokenPath}` });
    if (path === discoveryPath)
      return send(response, 200, discovery(published.issuer, tenantId, published.jwksUri, `${published.origin}/${tenantId}/oauth2/v2.0`));
    if (path === jwksPath) return send(response, 200, published.jwks);
    if (path === authorizePath) return flow.authorize(url, response);
    if (path === logoutPath) return flow.logout(url, response);
    return send(response, 404, {
      error: 'not_found',
      error_description: `only ${discoveryPath}, ${jwksPath} and the oauth2/v2.0 endpoints`,
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const issuer = `${origin}/${tenantId}/v2.0`;
  const jwksUri = `${origin}${jwksPath}`;
  state.published = {
    origin,
    issuer,
    jwksUri,
    jwks: { keys: [{ kty: publicJwk.kty, use: 'sig', kid, x5t: kid, n: publicJwk.n, e: publicJwk.e, issuer }] },
  };

  const sign = async (claims: DevClaims, signOptions: SignOptions = {}): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const lifetime = signOptions.lifetimeSeconds ?? 3600;
    const times = signOptions.expired
      ? { iat: now - 7200, nbf: now - 7200, exp: now - 3600 }
      : signOptions.notYetValid
        ? { iat: now, nbf: now + 3600, exp: now + 7200 }
        : { iat: now, nbf: now, exp: now + lifetime };
    const payload: JWTPayload = {
      aud: signOptions.audience ?? audience,
      iss: signOptions.issuer ?? issuer,
      ...times,
      azp: audience,
      azpacr: '0',
      name: displayNameOf(claims.sub),
      oid: uuidv5(claims.sub, OID_NAMESPACE),
      preferred_username: `${claims.sub}@dev.plan-ledger.invalid`,
      scp: 'access_as_user',
      tid: tenantId,
      uti: uuidv4().replace(/-/g, '').slice(0, 22),
      ver: '2.0',
      ...claims,
    };
    switch (signOptions.forgery) {
      case undefined:
        return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(privateKey);
      case 'unpublished-key':
        foreignKey ??= generateKeyPair('RS256', { modulusLength: 2048 }).then((pair) => pair.privateKey);
        return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(await foreignKey);
      case 'unpublished-kid':
        return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: `${kid}-unpublished` }).sign(privateKey);
      case 'alg-none':
        return new UnsecuredJWT(payload).encode();
      case 'hs256-public-key':
        return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid }).sign(new TextEncoder().encode(publicPem));
    }
  };

  return {
    issuer,
    audience,
    jwksUri,
    tenantId,
    port,
    kid,
    clientId,
    sign,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A client's keep-alive connection would otherwise hold close() open until it times out.
        server.closeAllConnections();
      }),
  };
}

/** The discovery document as Entra's v2.0 endpoint has it. */
function discovery(issuer: string, tenantId: string, jwksUri: string, oauth2: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: jwksUri,
    authorization_endpoint: `${oauth2}/authorize`,
    token_endpoint: `${oauth2}/token`,
    end_session_endpoint: `${oauth2}/logout`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'none'],
    code_challenge_methods_supported: ['S256'],
    grant_types_supported: ['authorization_code'],
    id_token_signing_alg_values_supported: ['RS256'],
    subject_types_supported: ['pairwise'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'oid', 'tid', 'preferred_username', 'ver'],
    tenant_region_scope: null,
    cloud_instance_name: 'dev.plan-ledger.invalid',
    tenant_id: tenantId,
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(response.req.method === 'HEAD' ? undefined : text);
}

/** `dev-inspection-data` -> `Dev Inspection Data`: the `name` claim a person's token carries. */
export function displayNameOf(subject: string): string {
  return subject
    .split(/[-_.]/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

/** One development identity per role, each holding that role (council roles for one council). */
export interface DevIdentity {
  readonly role: Role;
  readonly subject: string;
  readonly displayName: string;
  /** For a council role only. */
  readonly councils?: readonly string[];
}

export const DEV_ADMIN_SUBJECT = 'dev-admin';

export function devIdentities(council: string): DevIdentity[] {
  return ROLES.map((role) => {
    const subject = `dev-${role}`;
    return { role, subject, displayName: displayNameOf(subject), ...(isCouncilRole(role) ? { councils: [council] } : {}) };
  });
}
