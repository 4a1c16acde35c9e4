import rateLimit from '@fastify/rate-limit';
import { HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { identify, refuseUnidentified } from '../access/authentication-hooks';
import type { Authenticator } from '../access/authenticator';
import { principalIdOf } from '../access/request-principal';
import type { LedgerConfig } from '../config/ledger-config';
import { EdgeRefusal } from './edge-refusal';
import { securityHeadersOnEveryRoute } from './security-headers';
import { httpGuard } from './http-guard';

/**
 * Security headers, the HTTP guard and the rate limit, on every route. Registered (and awaited) before Nest and
 * Mercurius add their routes, so each route picks up the hooks.
 */
export async function registerEdge(app: NestFastifyApplication, config: LedgerConfig, authenticator: Authenticator): Promise<void> {
  await app.register(
    securityHeadersOnEveryRoute({
      // Every answer but GraphiQL's page is JSON: nothing may load, frame or submit from it. GraphiQL's page sets its
      // own policy (graphiql.controller.ts), which replaces this one.
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
      },
    }),
  );
  await app.register(httpGuard({ auth: config.auth, edge: config.edge }));
  await app.register(identify(authenticator));
  await app.register(rateLimit, {
    global: true,
    max: config.edge.rateLimitPerMinute,
    timeWindow: 60_000,
    // Per person once they are known (one person's script cannot use up a shared office address's allowance, and
    // changing address does not reset theirs); per address for everyone else, failed sign-ins included.
    keyGenerator: (request) => {
      const principal = principalIdOf(request);
      return principal ? `principal:${principal}` : `address:${request.ip}`;
    },
    errorResponseBuilder: (request, context) =>
      new EdgeRefusal(
        HttpStatus.TOO_MANY_REQUESTS,
        `more than ${context.max} requests a minute from ${principalIdOf(request) ?? 'this address'} (LEDGER_RATE_LIMIT_PER_MINUTE): try again in ${context.after}`,
      ),
  });
  await app.register(refuseUnidentified());
}
