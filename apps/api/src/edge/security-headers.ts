import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's headers for these options, worked out once. Our options have no per-request part (no CSP nonces), so
 * every response gets the same headers; running helmet's middleware on each request (what @fastify/helmet does,
 * building the middleware anew each time) cost about 45 µs a request in a profile of `npm run bench:edge`.
 */
export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  // A real, unsent response of a request on no socket: helmet sets its headers on it, and nothing is written.
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  helmet(options)(request, response, () => undefined);
  return Object.fromEntries(
    Object.entries(response.getHeaders()).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]),
  );
}

/** Sets the headers on every reply before its handler runs, so a route may still replace one (GraphiQL's CSP does). */
export function securityHeadersOnEveryRoute(options: HelmetOptions) {
  const headers = securityHeaders(options);
  const plugin = async (fastify: FastifyInstance): Promise<void> => {
    fastify.addHook('onRequest', (_request, reply, done) => {
      void reply.headers(headers);
      done();
    });
  };
  // Fastify's "skip-override" (what fastify-plugin sets): the hook applies to every route, not to a child context.
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}
