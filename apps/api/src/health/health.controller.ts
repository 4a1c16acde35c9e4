import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '@plan-ledger/event-store';
import type { Notary } from '@plan-ledger/notary';
import { EVENT_STORE } from '../event-store/event-store.tokens';
import { NOTARY } from '../notary/notary.module';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  store: { kind: string; location: string };
  /** Position of the last event in the log, as a decimal string (positions are 64-bit). */
  headPosition?: string;
  /** The notary's view: how much of the log it has hashed, its latest signed size, and anything it found wrong. */
  notary: { treeSize: number; latestCheckpointSize: string | null; alarms: readonly string[] };
  error?: string;
}

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NOTARY) private readonly notary: Notary,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const store = this.store.describe();
    const notary = {
      treeSize: this.notary.size,
      latestCheckpointSize: this.notary.latestCheckpoint()?.size.toString() ?? null,
      alarms: this.notary.alarms,
    };
    try {
      return { status: 'ok', store, headPosition: (await this.store.headPosition()).toString(), notary };
    } catch (error) {
      reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'unavailable', store, notary, error: (error as Error).message };
    }
  }
}
