import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '@plan-ledger/event-store';
import { EVENT_STORE } from '../event-store/event-store.tokens';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  store: { kind: string; location: string };
  /** Position of the last event in the log, as a decimal string (positions are 64-bit). */
  headPosition?: string;
  error?: string;
}

@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const store = this.store.describe();
    try {
      return { status: 'ok', store, headPosition: (await this.store.headPosition()).toString() };
    } catch (error) {
      reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'unavailable', store, error: (error as Error).message };
    }
  }
}
