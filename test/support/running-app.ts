import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Clock } from '@plan-ledger/event-store';
import { loadLedgerConfig } from '../../apps/api/src/config/ledger-config';
import { createApp } from '../../apps/api/src/create-app';

export interface RunningApp {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** The real service on a real port, over a fresh SQLite file in a temporary data dir. */
export async function startApp(options: { clock?: Clock; env?: NodeJS.ProcessEnv } = {}): Promise<RunningApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const config = loadLedgerConfig({
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LEDGER_GRAPHIQL: 'false',
    LEDGER_SEED_DEMO: 'false',
    // A fixed local user, so what the tests record does not depend on who runs them.
    LEDGER_LOCAL_USER: 'development-principal',
    ...options.env,
  });
  const app = await createApp(config, { clock: options.clock, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
