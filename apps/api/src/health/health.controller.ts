import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Clock, EventStore } from '@plan-ledger/event-store';
import type { Notary } from '@plan-ledger/notary';
import { CLOCK, EVENT_STORE } from '../event-store/event-store.tokens';
import { lastRecordedAt } from '../ledger/ledger-reader';
import { NOTARY } from '../notary/notary.module';

export interface HealthReport {
  /**
   * `degraded`: serving, but the clock is behind the last event's recordedAt (it was stepped back after running
   * ahead), so every new event is stamped with that later recordedAt until the clock catches up.
   */
  status: 'ok' | 'degraded' | 'unavailable';
  store: { kind: string; location: string };
  /** Position of the last event in the log, as a decimal string (positions are 64-bit). */
  headPosition?: string;
  /** The notary's view: how much of the log it has hashed, its latest signed size, and anything it found wrong. */
  notary: { treeSize: number; latestCheckpointSize: string | null; alarms: readonly string[] };
  /** Only when degraded: the store's clock and the recordedAt of the last event, which is later. */
  clock?: { now: string; lastRecordedAt: string };
  error?: string;
}

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NOTARY) private readonly notary: Notary,
    @Inject(CLOCK) private readonly clock: Clock,
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
      const head = await this.store.headPosition();
      const last = await lastRecordedAt(this.store, head);
      const now = this.clock.now().toISOString();
      if (last !== undefined && now < last) {
        return { status: 'degraded', store, headPosition: head.toString(), notary, clock: { now, lastRecordedAt: last } };
      }
      return { status: 'ok', store, headPosition: head.toString(), notary };
    } catch (error) {
      reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'unavailable', store, notary, error: (error as Error).message };
    }
  }
}
