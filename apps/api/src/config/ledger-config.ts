import { resolve } from 'node:path';
import type { SqliteSynchronous } from '@plan-ledger/event-store';

/** Everything the service reads from its environment, with defaults that work on a fresh clone. */
export interface LedgerConfig {
  readonly port: number;
  readonly host: string;
  /** Where the embedded store keeps its file (and, later, the notary its keys). */
  readonly dataDir: string;
  /** Set: EventStoreDB/KurrentDB. Unset: the embedded SQLite store. */
  readonly eventStoreConnectionString?: string;
  readonly sqliteSynchronous: SqliteSynchronous;
  /** Serve GraphiQL at /graphiql, from the service itself (no CDN). */
  readonly graphiql: boolean;
  /** Load the demo journeys on first start with an empty store. */
  readonly seedDemo: boolean;
  /**
   * Until the security issue lands there is no authenticated principal: every event is recorded as made by
   * this configured development principal, whose role says plainly that nobody was authenticated.
   */
  readonly developmentActor: { readonly id: string; readonly role: string };
  /** The log's name in its signed checkpoints. */
  readonly logOrigin: string;
  /** The notary signs a checkpoint after this many new events, and after this long if the log has grown. */
  readonly checkpointEveryEvents: number;
  readonly checkpointEveryMs: number;
}

export class ConfigurationError extends Error {
  readonly code = 'CONFIGURATION_INVALID';

  constructor(variable: string, rule: string) {
    super(`${variable}: ${rule}`);
    this.name = 'ConfigurationError';
  }
}

const SYNCHRONOUS_LEVELS: readonly SqliteSynchronous[] = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const portText = env.PORT?.trim() || '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new ConfigurationError('PORT', 'must be a whole number from 0 to 65535');
  const synchronous = (env.LEDGER_SQLITE_SYNCHRONOUS?.trim().toUpperCase() || 'FULL') as SqliteSynchronous;
  if (!SYNCHRONOUS_LEVELS.includes(synchronous)) {
    throw new ConfigurationError('LEDGER_SQLITE_SYNCHRONOUS', `must be one of ${SYNCHRONOUS_LEVELS.join(', ')}`);
  }
  const dataDir = env.LEDGER_DATA_DIR?.trim() || './data';
  const flag = (variable: string, fallback: boolean): boolean => {
    const value = env[variable]?.trim().toLowerCase();
    if (!value) return fallback;
    if (['true', '1', 'yes'].includes(value)) return true;
    if (['false', '0', 'no'].includes(value)) return false;
    throw new ConfigurationError(variable, 'must be true or false');
  };
  return {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir: dataDir === ':memory:' ? dataDir : resolve(dataDir),
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING?.trim() || undefined,
    sqliteSynchronous: synchronous,
    graphiql: flag('LEDGER_GRAPHIQL', true),
    seedDemo: flag('LEDGER_SEED_DEMO', true),
    developmentActor: { id: env.LEDGER_DEV_ACTOR_ID?.trim() || 'development-principal', role: 'development (unauthenticated)' },
    logOrigin: env.LEDGER_LOG_ORIGIN?.trim() || 'plan-ledger.local/log',
    checkpointEveryEvents: 1000,
    checkpointEveryMs: 15 * 60 * 1000,
  };
}
