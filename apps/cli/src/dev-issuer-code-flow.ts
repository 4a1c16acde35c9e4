import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from '../../api/src/config/loopback';

/**
 * The development issuer's browser sign-in: the authorization code flow with PKCE (S256 only), as Entra ID's v2.0
 * endpoints answer it, for one application (client) id. Nobody is asked for a password: the sign-in page asks whom
 * to sign in as, and `login_hint` skips the page. Codes are single-use and bound to the client, the redirect URI and
 * the PKCE challenge, so that a test of the service's side can fail for the right reason.
 */
export interface CodeFlowOptions {
  readonly clientId: string;
  /** Set: the token endpoint requires it (client_secret_post or client_secret_basic). Unset: a public client. */
  readonly clientSecret?: string;
  /** Signs the ID token and the access token for a subject. */
  readonly tokensFor: (grant: { subject: string; nonce?: string; clientId: string }) => Promise<{ idToken: string; accessToken: string }>;
}

interface IssuedCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly nonce?: string;
  readonly subject: string;
  readonly scope: string;
  readonly expiresAt: number;
  redeemed: boolean;
}

/** Entra's codes last about ten minutes; five is plenty for a browser on this machine. */
const CODE_LIFETIME_MS = 5 * 60_000;
const SUBJECT = /^[A-Za-z0-9._@-]{1,100}$/;
const MAX_BODY = 64 * 1024;

export interface CodeFlow {
  authorize(url: URL, response: ServerResponse): void;
  token(request: IncomingMessage, response: ServerResponse): Promise<void>;
  logout(url: URL, response: ServerResponse): void;
}

export function codeFlow(options: CodeFlowOptions): CodeFlow {
  const codes = new Map<string, IssuedCode>();

  const authorize = (url: URL, response: ServerResponse): void => {
    const param = (name: string) => url.searchParams.get(name) ?? undefined;
    const clientId = param('client_id');
    const redirectUri = param('redirect_uri');
    // Until the client and its redirect URI are known good, nothing is sent anywhere: an error page, as Entra shows.
    if (clientId !== options.clientId)
      return page(response, 400, 'Sign-in refused', `<p>client_id ${escape(String(clientId))} is not this issuer's application.</p>`);
    if (!redirectUri || !isLoopbackUrl(redirectUri))
      return page(response, 400, 'Sign-in refused', '<p>redirect_uri must be an http(s) address on this machine.</p>');
    const state = param('state');
    const back = (query: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [name, value] of Object.entries({ ...query, ...(state !== undefined ? { state } : {}) }))
        target.searchParams.set(name, value);
      response.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' }).end();
    };
    const refuse = (error: string, description: string) => back({ error, error_description: description });
    if (param('response_type') !== 'code') return refuse('unsupported_response_type', 'only response_type=code');
    const scope = param('scope') ?? '';
    if (!scope.split(' ').includes('openid')) return refuse('invalid_scope', 'scope must include openid');
    const codeChallenge = param('code_challenge');
    if (!codeChallenge || !/^[A-Za-z0-9_-]{43}$/.test(codeChallenge))
      return refuse('invalid_request', 'code_challenge is required: PKCE, S256');
    if (param('code_challenge_method') !== 'S256') return refuse('invalid_request', 'code_challenge_method must be S256');
    const subject = param('login_hint');
    if (subject === undefined || !SUBJECT.test(subject)) return signInPage(response, url, subject);
    const code = randomBytes(32).toString('base64url');
    const nonce = param('nonce');
    codes.set(code, {
      clientId,
      redirectUri,
      codeChallenge,
      ...(nonce !== undefined ? { nonce } : {}),
      subject,
      scope,
      expiresAt: Date.now() + CODE_LIFETIME_MS,
      redeemed: false,
    });
    back({ code });
  };

  const token = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await formOf(request);
    if (!body) return json(response, 400, { error: 'invalid_request', error_description: 'send application/x-www-form-urlencoded' });
    const field = (name: string) => body.get(name) ?? undefined;
    const basic = basicCredentials(request.headers.authorization);
    const clientId = basic?.id ?? field('client_id');
    const secret = basic?.secret ?? field('client_secret');
    if (clientId !== options.clientId) return json(response, 401, { error: 'invalid_client', error_description: 'unknown client_id' });
    if (options.clientSecret !== undefined && (secret === undefined || !same(secret, options.clientSecret)))
      return json(response, 401, { error: 'invalid_client', error_description: 'the client secret is missing or wrong' });
    if (field('grant_type') !== 'authorization_code')
      return json(response, 400, { error: 'unsupported_grant_type', error_description: 'only authorization_code' });
    const code = field('code');
    const issued = code !== undefined ? codes.get(code) : undefined;
    const invalid = (description: string) => json(response, 400, { error: 'invalid_grant', error_description: description });
    if (!issued) return invalid('the code is not one this issuer gave');
    if (issued.redeemed) return invalid('the code was already redeemed');
    // Spent by any attempt, right or wrong: a code is tried once.
    issued.redeemed = true;
    if (Date.now() > issued.expiresAt) return invalid('the code expired');
    if (issued.clientId !== clientId) return invalid('the code was issued to another client');
    if (field('redirect_uri') !== issued.redirectUri) return invalid('redirect_uri does not match the authorization request');
    const verifier = field('code_verifier');
    if (verifier === undefined) return invalid('code_verifier is required (PKCE)');
    if (!same(createHash('sha256').update(verifier).digest('base64url'), issued.codeChallenge))
      return invalid('code_verifier does not match the code_challenge (PKCE)');
    const tokens = await options.tokensFor({
      subject: issued.subject,
      clientId,
      ...(issued.nonce !== undefined ? { nonce: issued.nonce } : {}),
    });
    json(response, 200, {
      token_type: 'Bearer',
      scope: issued.scope,
      expires_in: 3600,
      access_token: tokens.accessToken,
      id_token: tokens.idToken,
    });
  };

  const logout = (url: URL, response: ServerResponse): void => {
    // The issuer keeps no session of its own: there is nothing to end but to send the browser back.
    const back = url.searchParams.get('post_logout_redirect_uri');
    if (back && isLoopbackUrl(back)) {
      response.writeHead(302, { location: back, 'cache-control': 'no-store' }).end();
      return;
    }
    page(response, 200, 'Signed out', '<p>You are signed out of the development issuer.</p>');
  };

  return { authorize, token, logout };
}

function signInPage(response: ServerResponse, url: URL, wrong: string | undefined): void {
  const hidden = [...url.searchParams]
    .filter(([name]) => name !== 'login_hint')
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('');
  const error =
    wrong !== undefined
      ? '<p id="login_hint-error">Give a subject of letters, digits, dots, dashes, underscores or @, at most 100 characters.</p>'
      : '';
  page(
    response,
    200,
    'Sign in to the development issuer',
    `<p>FOR DEVELOPMENT ONLY: no password is asked, whoever reaches this page may be anyone.</p>
<form method="get" action="${escape(url.pathname)}">${hidden}
<label for="login_hint">Subject (the sub claim) to sign in as, e.g. dev-admin, dev-board</label>
${error}<input id="login_hint" name="login_hint" autocomplete="username"${wrong !== undefined ? ' aria-describedby="login_hint-error"' : ''}>
<button type="submit">Sign in</button>
</form>`,
  );
}

function page(response: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    // No form-action: the sign-in form's answer redirects to the client, on another origin.
    'content-security-policy': "default-src 'none'",
  });
  response.end(response.req.method === 'HEAD' ? undefined : html);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' });
  response.end(text);
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams | undefined> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match) return undefined;
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 2.3.1: both halves are form-encoded before they are joined.
  try {
    const decode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
    return { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function isLoopbackUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname) && url.hash === '';
  } catch {
    return false;
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
