import { InputRejected } from '../../errors/input-rejected';

const RULE = 'must be a path on this service, starting with a single / (e.g. /councils/885)';
const BASE = new URL('http://this.service.invalid');

/**
 * Where to send a person once signed in: a path on this service, nothing else, so that a link to our sign-in cannot
 * send someone on to another site (an open redirect) with our name on the way. `//host`, `/\host` (browsers read `\`
 * as `/`), schemes, and control characters (which browsers strip, joining what they separated) are refused.
 */
export function returnToOf(value: unknown): string {
  if (value === undefined || value === '') return '/';
  if (typeof value !== 'string' || value.length > 2000)
    throw new InputRejected([{ field: 'returnTo', rule: `${RULE}, given once, in at most 2000 characters` }]);
  // eslint-disable-next-line no-control-regex
  if (!/^\/(?![/\\])/.test(value) || /[\\\u0000-\u001f\u007f]/.test(value)) throw new InputRejected([{ field: 'returnTo', rule: RULE }]);
  const resolved = new URL(value, BASE);
  if (resolved.origin !== BASE.origin) throw new InputRejected([{ field: 'returnTo', rule: RULE }]);
  const path = `${resolved.pathname}${resolved.search}`;
  // Back to sign-in would go round again.
  return path === '/sign-in' || path.startsWith('/sign-in/') || path.startsWith('/sign-in?') ? '/' : path;
}
