import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Clock } from '@plan-ledger/event-store';
import type { LogLevel } from '@nestjs/common';
import { AppModule } from './app.module';
import { Authenticator } from './access/authenticator';
import { identify, refuseUnidentified } from './access/authentication-hooks';
import type { LedgerConfig } from './config/ledger-config';
import { registerEdge } from './edge/register-edge';
import { HttpErrorFilter } from './errors/http-error.filter';
import { ledgerValidationPipe } from './errors/validation-pipe';
import { registerFormParsing } from './web/forms/form-parsing';

export interface CreateAppOptions {
  readonly clock?: Clock;
  readonly logger?: false | LogLevel[];
  /**
   * `false` leaves out everything the edge adds (headers, origin and transport checks, body, query, time and rate
   * limits). Only bench/edge.bench.ts sets it, to measure what the edge costs; never a deployment.
   */
  readonly edge?: boolean;
}

/** Builds the service exactly as `npm start` runs it; tests use it with a temporary data dir and port 0. */
export async function createApp(config: LedgerConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const edge = options.edge ?? true;
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.clock, { edge }),
    new FastifyAdapter({
      bodyLimit: edge ? config.edge.bodyLimitBytes : 32 * 1024 * 1024,
      // Node's own bound on receiving a whole request (a body trickled in to hold a connection open); it may not be
      // shorter than Node's 60 s for the headers. The answer itself is bounded by the edge's timer.
      requestTimeout: edge ? Math.max(config.edge.requestTimeoutMs, 60_000) : 0,
      // Past its longest path parameter (100 by default) Fastify's router answers 414 itself, as JSON echoing the whole
      // path, before any page or header of ours. Node already bounds a request's head at 16 KiB, so a parameter that
      // long is let through to the route, whose own rule refuses it with the service's error page (or JSON error).
      maxParamLength: 16_384,
    }),
    {
      logger: options.logger ?? ['log', 'warn', 'error'],
      abortOnError: false,
    },
  );
  const authenticator = app.get(Authenticator);
  if (edge) await registerEdge(app, config, authenticator);
  else {
    await app.register(identify(authenticator));
    await app.register(refuseUnidentified());
  }
  await registerFormParsing(app, config);
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(ledgerValidationPipe());
  app.enableShutdownHooks();
  return app;
}
