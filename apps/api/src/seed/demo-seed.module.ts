import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { DemoSeeder } from './demo-seeder';

/** Loads the demo journeys when the service starts on an empty store (LEDGER_SEED_DEMO=false turns it off). */
@Module({ imports: [LedgerModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoSeedModule implements OnApplicationBootstrap {
  constructor(private readonly seeder: DemoSeeder) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seeder.seedIfEmpty();
  }
}
