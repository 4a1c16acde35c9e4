import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { authorityStream, planStream } from '@plan-ledger/domain';
import { StreamNotFound, type EventStore, type RecordedEvent } from '@plan-ledger/event-store';
import type { LedgerConfig } from '../config/ledger-config';
import { EVENT_STORE, LEDGER_CONFIG } from '../event-store/event-store.tokens';
import { ReadModelService } from '../read-models/read-model.service';
import { WriteStates } from './write-states';

/** How far warming has gone: streams read and folded, of those the model held when it began. */
export interface WarmingHealth {
  readonly warmed: number;
  readonly of: number;
  readonly done: boolean;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Once the read model follows the log live, reads every council's and plan's stream once, in the background, and folds
 * it for the next command on it (WriteStates) and for the read model's next event on it (the projector's memory).
 * Without it, the first command on a long plan after a start reads and folds its whole stream twice (a plan of 5,000
 * events: about 150 ms on the event loop). Streams are taken one at a time with pauses between, so questions are
 * answered meanwhile; a command that comes first simply reads its stream itself. Nothing is written.
 */
@Injectable()
export class StreamWarmer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StreamWarmer');
  private warmed = 0;
  private of = 0;
  private done = false;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly readModels: ReadModelService,
    private readonly writes: WriteStates,
  ) {}

  onApplicationBootstrap(): void {
    // A read-only service records nothing: there is no next command to warm for.
    if (!this.config.readModel || !this.config.warmStreams || this.config.readOnly) {
      this.done = true;
      return;
    }
    this.running = this.warm().catch((error: unknown) => {
      this.logger.warn(`warming stopped: ${error instanceof Error ? error.message : String(error)}`);
      this.done = true;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  health(): WarmingHealth {
    return { warmed: this.warmed, of: this.of, done: this.done };
  }

  private async warm(): Promise<void> {
    while (!this.stopped && this.readModels.status().state !== 'live') await new Promise((resolve) => setTimeout(resolve, 100));
    if (this.stopped) return;
    const { plans, authorities } = this.readModels.streamsHeld();
    this.of = plans.length + authorities.length;
    const started = Date.now();
    for (const laCode of authorities) {
      if (this.stopped) return;
      const streamId = authorityStream.streamId(laCode);
      const events = await this.whole(streamId);
      if (events) this.writes.warm(streamId, authorityStream, events);
      this.warmed += 1;
      await pause();
    }
    for (const planId of plans) {
      if (this.stopped) return;
      const streamId = planStream.streamId(planId);
      const events = await this.whole(streamId);
      if (events) {
        this.writes.warm(streamId, planStream, events);
        await pause();
        await this.readModels.warmPlan(planId, events);
      }
      this.warmed += 1;
      await pause();
    }
    this.done = true;
    this.logger.log(`warmed ${this.warmed} streams in ${Date.now() - started} ms`);
  }

  /** The stream as the store has it, or undefined when it cannot be read (a damaged row: its commands read it themselves). */
  private async whole(streamId: string): Promise<RecordedEvent[] | undefined> {
    const events: RecordedEvent[] = [];
    try {
      for await (const event of this.store.readStream(streamId)) events.push(event);
      return events;
    } catch (error) {
      if (error instanceof StreamNotFound) return events;
      return undefined;
    }
  }
}
