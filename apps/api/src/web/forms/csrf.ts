import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalIdOf } from '../../access/request-principal';

/** The form field carrying the token. */
export const CSRF_FIELD = '_csrf';

const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** Over https the cookie is `__Host-` prefixed and Secure, so no sibling host can plant one of its own. */
const cookieNameOf = (request: FastifyRequest): string => (request.protocol === 'https' ? '__Host-plan-ledger-csrf' : 'plan-ledger-csrf');

/** The browser's secret, if it sent exactly one well-formed value under the name: two mean someone added one. */
function secretOf(request: FastifyRequest): string | undefined {
  const name = cookieNameOf(request);
  const values = (request.headers.cookie ?? '')
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${name}=`))
    .map((pair) => pair.slice(name.length + 1));
  return values.length === 1 && SECRET.test(values[0]) ? values[0] : undefined;
}

const mac = (secret: string, salt: string, who: string): string =>
  createHmac('sha256', secret).update(`${salt}.${who}`).digest('base64url');

/**
 * Double-submit tokens bound to the person: the browser keeps a random secret in a cookie no script can read and no
 * other site's request carries (HttpOnly, SameSite=Strict); each form carries salt.HMAC(secret, salt + who). A form
 * posted from elsewhere has no token, and a token shown to one person does not pass for another.
 *
 * Written here rather than with @fastify/csrf-protection: that plugin answers a bad token from a hook with its own
 * JSON 403 instead of a page, and reads the token from a parsed body, where the upload form's token is a part of a
 * multipart stream that must be checked before the document is read. The cookie is read as the sign-in cookies are
 * (browser-session-cookie.ts), without a cookie plugin.
 */
export function issueCsrfToken(request: FastifyRequest, reply: FastifyReply): string {
  let secret = secretOf(request);
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    const https = request.protocol === 'https';
    const cookie = `${cookieNameOf(request)}=${secret}; Path=/; HttpOnly; SameSite=Strict${https ? '; Secure' : ''}`;
    const already = reply.getHeader('set-cookie');
    const others = already === undefined ? [] : Array.isArray(already) ? already : [String(already)];
    void reply.header('set-cookie', [...others, cookie]);
  }
  const salt = randomBytes(12).toString('base64url');
  return `${salt}.${mac(secret, salt, principalIdOf(request) ?? 'anonymous')}`;
}

/** Whether the token posted is one this browser's secret made for this person. */
export function csrfTokenValid(request: FastifyRequest, token: unknown): boolean {
  const secret = secretOf(request);
  if (!secret || typeof token !== 'string' || token.length > 200) return false;
  const [salt, given, ...rest] = token.split('.');
  if (!salt || !given || rest.length > 0) return false;
  const expected = Buffer.from(mac(secret, salt, principalIdOf(request) ?? 'anonymous'));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
