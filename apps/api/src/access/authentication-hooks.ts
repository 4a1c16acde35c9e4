import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLoopbackAddress } from '../config/loopback';
import { isGraphqlRequest, refuse } from '../edge/edge-refusal';
import { Unauthenticated } from '../errors/access-errors';
import { IdentityProviderUnavailable, type Authenticator } from './authenticator';
import type { Principal } from './principal';
import { principalOf, setPrincipal } from './request-principal';

export const NO_CREDENTIALS =
  'no credentials: send Authorization: Bearer <token> (in local mode, a request made on this machine and not relayed by a proxy acts as the local user without one)';

// Headers a proxy or relay adds for the client behind it. A relay that adds none (ssh -L, socat, a port-forward) cannot
// be told from this machine: local mode is for one person's machine, and the README says so.
const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'via',
  'x-client-ip',
  'client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'x-cluster-client-ip',
  'x-original-forwarded-for',
];

/**
 * Finds who each request is before anything else reads it, and remembers a failure rather than answering it here, so
 * that the rate limit (keyed by principal, else by address) counts failed attempts too. `refuseUnidentified` answers
 * them after the rate limit.
 */
/**
 * Requests whose browser session failed (ended, unknown, or its person holds no role): answered by the page itself,
 * which sends the browser to sign in again or draws the 403 page, rather than by a JSON refusal here.
 */
const answeredByPage = new WeakSet<FastifyRequest>();

export function identify(authenticator: Authenticator) {
  return everyRoute(async (fastify: FastifyInstance): Promise<void> => {
    // Callback style, and no promise when the answer is at hand (local user, API token, grants current): this runs on
    // every request.
    fastify.addHook('onRequest', (request, _reply, done) => {
      const forwarded = FORWARDING_HEADERS.some((header) => request.headers[header] !== undefined);
      const from = { loopback: isLoopbackAddress(request.socket.remoteAddress), forwarded };
      // A session cookie names someone for pages only: GraphQL stays bearer-only, so no page elsewhere can make a
      // signed-in browser send a query or a mutation with its cookie.
      const session = isGraphqlRequest(request) ? undefined : authenticator.sessions?.cookieOf(request, 'session');
      const failed = (error: unknown) => {
        if (session !== undefined && !request.headers.authorization) answeredByPage.add(request);
        setPrincipal(request, error instanceof Error ? error : new Error(String(error)));
      };
      let who: Principal | Promise<Principal>;
      try {
        who = authenticator.authenticate(request.headers.authorization, from, session);
      } catch (error) {
        failed(error);
        return done();
      }
      if (!(who instanceof Promise)) {
        setPrincipal(request, who);
        return done();
      }
      who.then(
        (principal) => {
          setPrincipal(request, principal);
          done();
        },
        (error: unknown) => {
          failed(error);
          done();
        },
      );
    });
  });
}

export function refuseUnidentified() {
  return everyRoute(async (fastify: FastifyInstance): Promise<void> => {
    // preParsing: after every onRequest hook, the rate limit's included (Fastify runs a route's own onRequest hooks,
    // which is how the rate limit is attached, after the global ones), and before any body is read.
    fastify.addHook('preParsing', (request: FastifyRequest, reply: FastifyReply, payload, done) => {
      try {
        // Nobody unknown, or holding no role, may make the service parse, validate or plan a query, let alone run one.
        const principal = principalOf(request);
        if (isGraphqlRequest(request) && principal.kind === 'anonymous') throw new Unauthenticated(NO_CREDENTIALS);
        if (isGraphqlRequest(request) && principal.roles.length === 0) {
          refuse(request, reply, HttpStatus.FORBIDDEN, `${principal.id} holds no role: an admin grants one (grantAccess)`, 'FORBIDDEN');
          return;
        }
      } catch (error) {
        if (answeredByPage.has(request)) return done(null, payload);
        // Answered here, so `done` is not called: the request goes no further.
        if (error instanceof Unauthenticated) {
          void reply.header(
            'www-authenticate',
            `Bearer error="invalid_token", error_description="${error.message.replace(/["\\]/g, "'")}"`,
          );
          refuse(request, reply, HttpStatus.UNAUTHORIZED, error.message, error.code);
          return;
        }
        if (error instanceof IdentityProviderUnavailable) {
          refuse(request, reply, HttpStatus.SERVICE_UNAVAILABLE, error.message, error.code);
          return;
        }
        return done(error instanceof Error ? error : new Error(String(error)));
      }
      done(null, payload);
    });
  });
}

/** Fastify's "skip-override" (what fastify-plugin sets): the hooks apply to every route, not to a child context. */
function everyRoute<P extends (fastify: FastifyInstance) => Promise<void>>(plugin: P): P {
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}
