import { resolve } from 'node:path';
import { ConfigurationError, loadLedgerConfig } from './ledger-config';

describe('loadLedgerConfig', () => {
  it('works out of the box: port 3000, ./data, the embedded store, synchronous FULL', () => {
    expect(loadLedgerConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: resolve('./data'),
      eventStoreConnectionString: undefined,
      sqliteSynchronous: 'FULL',
      graphiql: true,
      seedDemo: true,
      developmentActor: { id: 'development-principal', role: 'development (unauthenticated)' },
      logOrigin: 'plan-ledger.local/log',
      checkpointEveryEvents: 1000,
      checkpointEveryMs: 900000,
    });
  });

  it('reads PORT, LEDGER_DATA_DIR and EVENTSTORE_CONNECTION_STRING', () => {
    const config = loadLedgerConfig({
      PORT: '8080',
      LEDGER_DATA_DIR: '/var/lib/ledger',
      EVENTSTORE_CONNECTION_STRING: 'esdb://node1:2113?tls=false',
    });
    expect(config).toMatchObject({ port: 8080, dataDir: '/var/lib/ledger', eventStoreConnectionString: 'esdb://node1:2113?tls=false' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LEDGER_SQLITE_SYNCHRONOUS: 'SOMETIMES' }, 'LEDGER_SQLITE_SYNCHRONOUS'],
    [{ LEDGER_SEED_DEMO: 'perhaps' }, 'LEDGER_SEED_DEMO'],
  ])('refuses %p naming the variable', (env, variable) => {
    expect(() => loadLedgerConfig(env)).toThrow(ConfigurationError);
    expect(() => loadLedgerConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });
});
