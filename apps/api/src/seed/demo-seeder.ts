import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Clock, EventStore } from '@plan-ledger/event-store';
import { CLOCK, EVENT_STORE } from '../event-store/event-store.tokens';
import { EVERY_ROLE, type Principal } from '../access/principal';
import { parseRecordCommand } from '../ledger/record-command';
import { DEMO_JOURNEYS } from './demo-journeys';

/** The demo seed records as a system with every role: its facts carry their sources, checked by test against the documents. */
export const DEMO_PRINCIPAL: Principal = { kind: 'system', id: 'system:demo-seed', displayName: 'Demo data (seed)', roles: EVERY_ROLE };

/** Records the demo journeys through the real command pipeline. Safe to repeat: each step has a fixed commandId. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async seed(): Promise<{ recorded: number; skipped: number }> {
    let recorded = 0;
    let skipped = 0;
    for (const [index, step] of DEMO_JOURNEYS.entries()) {
      const outcome = await this.commandBus.execute(
        parseRecordCommand(
          step.kind,
          step.key,
          step.command,
          this.clock.now().toISOString().slice(0, 10),
          step.occurredAt,
          DEMO_PRINCIPAL,
          {
            commandId: `demo-${index + 1}`,
            source: step.source,
          },
        ),
      );
      if (outcome.alreadyRecorded) skipped++;
      else recorded += outcome.events.length;
    }
    this.logger.log(`demo journeys: ${recorded} events recorded, ${skipped} steps already on record`);
    return { recorded, skipped };
  }

  /** On first start only: an empty log gets the demo, a log with anything in it is left alone. */
  async seedIfEmpty(): Promise<void> {
    if ((await this.store.headPosition()) === 0n) await this.seed();
  }
}
