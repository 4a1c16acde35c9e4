import { join, resolve } from 'node:path';
import { businessTimeProblems } from '@plan-ledger/domain';
import { openEventStore, systemClock, type EventStore } from '@plan-ledger/event-store';
import { Notary } from '@plan-ledger/notary';

/** The same environment the service reads, so `ledger` works on the service's own store and notary. */
export function cliSettings(env: NodeJS.ProcessEnv = process.env) {
  const dataDir = resolve(env.LEDGER_DATA_DIR?.trim() || './data');
  return {
    dataDir,
    notaryDir: join(dataDir, 'notary'),
    connectionString: env.EVENTSTORE_CONNECTION_STRING?.trim() || undefined,
    origin: env.LEDGER_LOG_ORIGIN?.trim() || 'plan-ledger.local/log',
  };
}

export function openStoreAndNotary(): { store: EventStore; notary: Notary; notaryDir: string } {
  const settings = cliSettings();
  // The service's rule for business time too, so this store refuses what the service's would.
  const store = openEventStore({
    dataDir: settings.dataDir,
    eventStoreConnectionString: settings.connectionString,
    occurredAtRule: businessTimeProblems,
  });
  // The service's key source too: a CLI that signed with a key of its own making would leave a key in the data folder
  // and bundles that do not verify against the service's.
  const file = process.env.LEDGER_NOTARY_KEY_FILE?.trim() || undefined;
  const pem = process.env.LEDGER_NOTARY_KEY?.trim().replace(/\\n/g, '\n') || undefined;
  const notary = new Notary({
    store,
    clock: systemClock,
    dir: settings.notaryDir,
    origin: settings.origin,
    dataDir: settings.dataDir,
    key: { ...(file ? { file: resolve(file) } : {}), ...(pem ? { pem } : {}) },
  });
  return { store, notary, notaryDir: settings.notaryDir };
}
