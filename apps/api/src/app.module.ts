import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@plan-ledger/event-store';
import type { LedgerConfig } from './config/ledger-config';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';

/** The service's composition root. The plan domain's command, query and GraphQL modules plug in here. */
@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig, clock?: Clock): DynamicModule {
    return { module: AppModule, imports: [EventStoreModule.forRoot(config, clock), HealthModule] };
  }
}
