import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { businessTimeProblems, type BusinessTime } from '@plan-ledger/domain';
import { openEventStore, systemClock, type Clock, type EventStore, type OccurredAt, type OccurredAtRule } from '@plan-ledger/event-store';
import type { LedgerConfig } from '../config/ledger-config';
import { CLOCK, EVENT_STORE, LEDGER_CONFIG } from './event-store.tokens';

/**
 * The store checks occurredAt's shape and calendar itself; the domain's rule for business time runs after it, so the
 * log holds only business times the domain accepts. The two types are one shape, each assignable to the other.
 */
const occurredAtRule: OccurredAtRule = businessTimeProblems;
type AssignableBothWays<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _oneShape: AssignableBothWays<OccurredAt, BusinessTime> = true;

/** Opens the configured adapter once for the whole app, and closes it on shutdown. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(config: LedgerConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        {
          provide: EVENT_STORE,
          useFactory: (): EventStore =>
            openEventStore({
              dataDir: config.dataDir,
              eventStoreConnectionString: config.eventStoreConnectionString,
              sqliteSynchronous: config.sqliteSynchronous,
              clock,
              occurredAtRule,
              readOnly: config.readOnly,
            }),
        },
      ],
      exports: [LEDGER_CONFIG, CLOCK, EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
