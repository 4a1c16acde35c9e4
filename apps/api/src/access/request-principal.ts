import type { FastifyRequest } from 'fastify';
import { ANONYMOUS, type Principal } from './principal';

/** Each request's principal, or why it has none, set once by the authentication hook before anything else reads it. */
const identified = new WeakMap<FastifyRequest, Principal | Error>();

export function setPrincipal(request: FastifyRequest, who: Principal | Error): void {
  identified.set(request, who);
}

/** The request's principal; throws the authentication failure if it had one, ANONYMOUS if it carried no identity. */
export function principalOf(request: FastifyRequest): Principal {
  const who = identified.get(request);
  if (who instanceof Error) throw who;
  return who ?? ANONYMOUS;
}

/** The same, for keying rate limits: never throws. */
export function principalIdOf(request: FastifyRequest): string | undefined {
  const who = identified.get(request);
  return who && !(who instanceof Error) && who.kind !== 'anonymous' ? who.id : undefined;
}
