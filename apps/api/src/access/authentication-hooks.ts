import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { refuse } from '../edge/edge-refusal';
import { Unauthenticated } from '../errors/access-errors';
import { IdentityProviderUnavailable, type Authenticator } from './authenticator';
import { principalOf, setPrincipal } from './request-principal';

/**
 * Finds who each request is before anything else reads it, and remembers a failure rather than answering it here, so
 * that the rate limit (keyed by principal, else by address) counts failed attempts too. `refuseUnidentified` answers
 * them after the rate limit.
 */
export function identify(authenticator: Authenticator) {
  return everyRoute(async (fastify: FastifyInstance): Promise<void> => {
    fastify.addHook('onRequest', async (request) => {
      try {
        setPrincipal(request, await authenticator.authenticate(request.headers.authorization));
      } catch (error) {
        setPrincipal(request, error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

export function refuseUnidentified() {
  return everyRoute(async (fastify: FastifyInstance): Promise<void> => {
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        principalOf(request);
      } catch (error) {
        if (error instanceof Unauthenticated) {
          void reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${error.message.replace(/["\\]/g, "'")}"`);
          return refuse(request, reply, HttpStatus.UNAUTHORIZED, error.message, error.code);
        }
        if (error instanceof IdentityProviderUnavailable) return refuse(request, reply, HttpStatus.SERVICE_UNAVAILABLE, error.message, error.code);
        throw error;
      }
    });
  });
}

/** Fastify's "skip-override" (what fastify-plugin sets): the hooks apply to every route, not to a child context. */
function everyRoute<P extends (fastify: FastifyInstance) => Promise<void>>(plugin: P): P {
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}
