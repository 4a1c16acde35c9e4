import type { FastifyRequest } from 'fastify';
import type { BrowserSignInConfig } from '../config/ledger-config';

/** The two cookies browser sign-in sets: the session, and the sign-in under way (until the provider sends the browser back). */
export type BrowserCookie = 'session' | 'sign-in';

const BASE_NAMES: Record<BrowserCookie, string> = { session: 'ledger_session', 'sign-in': 'ledger_sign_in' };

// Ids are 256 random bits in base64url: 43 characters. Anything else is not one of ours and is never looked up.
const ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Whether the service is reached over https: the configured redirect URI says so, else the request itself. Over https
 * the cookies are `Secure` and `__Host-` prefixed, so that no other host (a sibling subdomain) can set one for us.
 */
export function overHttps(config: BrowserSignInConfig, request: FastifyRequest): boolean {
  return config.redirectUri !== undefined ? config.redirectUri.startsWith('https:') : request.protocol === 'https';
}

export function cookieName(cookie: BrowserCookie, https: boolean): string {
  return https ? `__Host-${BASE_NAMES[cookie]}` : BASE_NAMES[cookie];
}

/**
 * The cookie's id, if the request carries exactly one well-formed value under its name. Only the name this transport
 * uses counts: over https a plain `ledger_session` (which any sibling host could plant) is ignored.
 */
export function cookieId(request: FastifyRequest, cookie: BrowserCookie, https: boolean): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  const name = cookieName(cookie, https);
  const values = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => pair.slice(name.length + 1));
  // Two values under one name mean someone added one: neither is trusted.
  return values.length === 1 && ID.test(values[0]) ? values[0] : undefined;
}

/**
 * A Set-Cookie value: HttpOnly (no script reads it), SameSite=Lax (not sent on another site's POST, nor its
 * sub-requests), Path=/ (which __Host- requires). No Max-Age for the session: it ends with the browser, or sooner on
 * the server. `undefined` clears the cookie.
 */
export function setCookie(cookie: BrowserCookie, https: boolean, id: string | undefined, maxAgeSeconds?: number): string {
  const parts = [`${cookieName(cookie, https)}=${id ?? ''}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (https) parts.push('Secure');
  if (id === undefined) parts.push('Max-Age=0');
  else if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  return parts.join('; ');
}
