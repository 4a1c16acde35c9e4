import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadLedgerConfig } from '../config/ledger-config';
import { EventStoreModule } from '../event-store/event-store.module';
import { LedgerModule } from '../ledger/ledger.module';
import { DemoSeeder } from './demo-seeder';

/** `npm run seed`: records the demo journeys into the store LEDGER_DATA_DIR (or EVENTSTORE_CONNECTION_STRING) names. */
async function main(): Promise<void> {
  const config = loadLedgerConfig();

  @Module({ imports: [EventStoreModule.forRoot(config), LedgerModule], providers: [DemoSeeder] })
  class SeedModule {}

  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
  const { recorded, skipped } = await app.get(DemoSeeder).seed();
  process.stdout.write(
    `seeded ${config.eventStoreConnectionString ? 'EventStoreDB' : config.dataDir}: ${recorded} events recorded, ${skipped} steps already on record\n`,
  );
  await app.close();
}

main().catch((error: Error) => {
  process.stderr.write(`seed failed: ${error.message}\n`);
  process.exitCode = 1;
});
