import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadLedgerConfig } from './config/ledger-config';
import { createApp } from './create-app';
import { EVENT_STORE } from './event-store/event-store.tokens';
import type { EventStore } from '@plan-ledger/event-store';

async function main(): Promise<void> {
  const config = loadLedgerConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = await app.getUrl();
  const store = app.get<EventStore>(EVENT_STORE).describe();
  const logger = new Logger('PlanLedger');
  logger.log(`listening on ${address} with the ${store.kind} store at ${store.location}`);
  if (config.auth.mode === 'local')
    logger.log(
      `local mode: loopback only; a request from this machine without a token acts as local:${config.localActor.id} (every role), an API token as its grants`,
    );
  else
    logger.log(
      `bearer tokens required: JWTs from ${config.auth.issuer} for ${config.auth.audience}, or API tokens; roles from the access stream`,
    );
}

main().catch((error: Error) => {
  // A clear line, not a stack trace: the usual causes are configuration and a locked or unreadable data dir.
  process.stderr.write(`plan-ledger failed to start: ${error.message}\n`);
  process.exitCode = 1;
});
