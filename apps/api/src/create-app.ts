import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Clock } from '@plan-ledger/event-store';
import type { LogLevel } from '@nestjs/common';
import { AppModule } from './app.module';
import type { LedgerConfig } from './config/ledger-config';
import { HttpErrorFilter } from './errors/http-error.filter';
import { ledgerValidationPipe } from './errors/validation-pipe';

export interface CreateAppOptions {
  readonly clock?: Clock;
  readonly logger?: false | LogLevel[];
}

/** Builds the service exactly as `npm start` runs it; tests use it with a temporary data dir and port 0. */
export async function createApp(config: LedgerConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.clock),
    new FastifyAdapter({ bodyLimit: 32 * 1024 * 1024 }),
    {
      logger: options.logger ?? ['log', 'warn', 'error'],
      abortOnError: false,
    },
  );
  app.useGlobalFilters(new HttpErrorFilter());
  app.useGlobalPipes(ledgerValidationPipe());
  app.enableShutdownHooks();
  return app;
}
