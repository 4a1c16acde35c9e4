import { Global, Inject, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock, EventStore } from '@plan-ledger/event-store';
import { Notary, SigningLease } from '@plan-ledger/notary';
import type { LedgerConfig } from '../config/ledger-config';
import { CLOCK, EVENT_STORE, LEDGER_CONFIG } from '../event-store/event-store.tokens';

export const NOTARY = Symbol('Notary');

/** Where the notary keeps its key and checkpoints: beside the embedded store, or a scratch folder for `:memory:`. */
export function notaryDir(config: LedgerConfig): string {
  return config.dataDir === ':memory:' ? mkdtempSync(join(tmpdir(), 'ledger-notary-')) : join(config.dataDir, 'notary');
}

/** Runs the notary beside the service: it follows the log from start-up and signs checkpoints of it. */
@Global()
@Module({
  providers: [
    {
      provide: NOTARY,
      inject: [EVENT_STORE, CLOCK, LEDGER_CONFIG],
      useFactory: (store: EventStore, clock: Clock, config: LedgerConfig) =>
        new Notary({
          store,
          clock,
          dir: notaryDir(config),
          origin: config.logOrigin,
          // An instance that does not sign never reaches either threshold; signCheckpoint says why it refuses.
          everyEvents: config.notarySigns ? config.checkpointEveryEvents : Number.MAX_SAFE_INTEGER,
          everyMs: config.notarySigns ? config.checkpointEveryMs : 2 ** 31 - 1,
          key: config.notaryKey,
          ...(config.dataDir !== ':memory:' ? { dataDir: config.dataDir } : {}),
          auditEveryMs: config.notaryAuditEveryMs || undefined,
          witnesses: config.witnesses,
          // A read-only notary reads a tree file that is there, and writes none.
          treeFile: config.notaryTreeFile && (config.notarySigns || config.readOnly) && config.dataDir !== ':memory:',
          readOnly: config.readOnly,
          ...(config.notaryLease ? { lease: new SigningLease(store, clock, config.notaryLease.holder, config.notaryLease.ttlMs) } : {}),
        }),
    },
  ],
  exports: [NOTARY],
})
export class NotaryModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(NOTARY) private readonly notary: Notary) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.notary.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.notary.stop();
  }
}
