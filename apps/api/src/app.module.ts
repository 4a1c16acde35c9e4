import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@plan-ledger/event-store';
import type { LedgerConfig } from './config/ledger-config';
import { AccessModule } from './access/access.module';
import { EventStoreModule } from './event-store/event-store.module';
import { GraphqlApiModule } from './graphql/graphql-api.module';
import { HealthModule } from './health/health.module';
import { NotaryModule } from './notary/notary.module';
import { DemoSeedModule } from './seed/demo-seed.module';
import { WebModule } from './web/web.module';

/** The service's composition root: the store, health, the GraphQL API and the web pages over the command and query buses, and the demo seed. */
@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig, clock?: Clock, options: { edge: boolean } = { edge: true }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EventStoreModule.forRoot(config, clock),
        AccessModule,
        HealthModule,
        NotaryModule,
        GraphqlApiModule.forRoot({
          graphiql: config.graphiql,
          introspection: config.introspection,
          edge: options.edge ? config.edge : undefined,
        }),
        WebModule,
        ...(config.seedDemo ? [DemoSeedModule] : []),
      ],
    };
  }
}
