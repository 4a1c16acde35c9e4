import { accessSync, constants, existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { SqliteSynchronous } from '@plan-ledger/event-store';
import { isLoopbackHost } from './loopback';

export interface Actor {
  readonly id: string;
  readonly role: string;
}

/**
 * Who may reach the service. `local`: no identity provider, so the service only listens on loopback, and a request
 * without a token acts as the named local user (with every role, recorded as such). `oidc`: every request needs a
 * bearer token, a JWT from the issuer (checked against its published keys) or one of the service's API tokens; the
 * roles come from the grants on the access stream. API tokens work in both modes.
 */
export type AuthConfig =
  | { readonly mode: 'local' }
  | {
      readonly mode: 'oidc';
      readonly issuer: string;
      readonly audience: string;
      /** The claim that names the person: `sub` unless set (Entra ID's `oid` is the same across an organisation's apps). */
      readonly subjectClaim: string;
      /** Where the issuer's keys are; unset, read from its discovery document. */
      readonly jwksUri?: string;
    };

/**
 * Browser sign-in (authorization code with PKCE) in oidc mode, and the server-side sessions it opens for the pages.
 * GraphQL stays bearer-only: a session cookie never authenticates /graphql.
 */
export interface BrowserSignInConfig {
  /** The application (client) id at the provider; LEDGER_OIDC_AUDIENCE unless set (one app registration for both). */
  readonly clientId: string;
  /** Unset: a public client, protected by PKCE alone. */
  readonly clientSecret?: string;
  /** Where the provider sends the browser back; unset, `<the request's own origin>/sign-in/callback`. */
  readonly redirectUri?: string;
  /** A session nobody used for this long ends. */
  readonly sessionIdleMs: number;
  /** A session ends this long after sign-in, however busy. */
  readonly sessionMaxMs: number;
}

/** The bounds every request meets before any resolver runs. */
export interface EdgeConfig {
  /** Browser origins, besides the service's own, whose requests are served (e.g. a dashboard on another host). */
  readonly allowedOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  /** Only a `previewImport` body may be larger than bodyLimitBytes, up to this, and only this many at once. */
  readonly uploadLimitBytes: number;
  readonly concurrentUploads: number;
  readonly maxQueryDepth: number;
  readonly maxQueryAliases: number;
  readonly maxQueryCost: number;
  readonly maxQueryTokens: number;
  readonly requestTimeoutMs: number;
  /** Per client address; a later change keys it by principal. */
  readonly rateLimitPerMinute: number;
}

/** Everything the service reads from its environment, with defaults that work on a fresh clone. */
export interface LedgerConfig {
  readonly port: number;
  /** Loopback by default: with no identity provider nobody else may reach the service. */
  readonly host: string;
  /** Where the embedded store keeps its file (and, later, the notary its keys). */
  readonly dataDir: string;
  /** Set: EventStoreDB/KurrentDB. Unset: the embedded SQLite store. */
  readonly eventStoreConnectionString?: string;
  readonly sqliteSynchronous: SqliteSynchronous;
  /** NODE_ENV=production: introspection and GraphiQL default to off. */
  readonly production: boolean;
  /** Serve GraphiQL at /graphiql, from the service itself (no CDN). */
  readonly graphiql: boolean;
  /** Answer GraphQL introspection (GraphiQL's docs and completion need it). */
  readonly introspection: boolean;
  /** Load the demo journeys on first start with an empty store. */
  readonly seedDemo: boolean;
  /**
   * Answer from the read model (LEDGER_READ_MODEL, default true); false folds the log for every answer, as before the
   * read model: slower, but a second opinion on the model, and what the equivalence tests compare it with.
   */
  readonly readModel: boolean;
  /**
   * Read every stream once at start for its next command and the read model's next event (LEDGER_WARM_STREAMS, default
   * true). It holds each plan's folded state in memory (the service took 850 MB instead of 400 MB at 1M events); false
   * saves that memory, and the first command on a long plan after a start then reads and folds its stream.
   */
  readonly warmStreams: boolean;
  readonly auth: AuthConfig;
  /** In oidc mode only. */
  readonly browserSignIn?: BrowserSignInConfig;
  /**
   * Granted admin on first start, while the access stream holds no grant: how an identity-provider deployment gets its
   * first admin, on the record like every later grant (by `system:bootstrap`).
   */
  readonly bootstrapAdmin?: { readonly subject: string; readonly displayName: string };
  /**
   * The person at this machine (LEDGER_LOCAL_USER, else the OS account): in local mode a request from this machine
   * without a token acts as them, recorded as `local:<name>` with a role that says no identity provider vouched for it.
   */
  readonly localActor: Actor;
  readonly edge: EdgeConfig;
  /** The log's name in its signed checkpoints. */
  readonly logOrigin: string;
  /** The notary's signing key, kept apart from the data: a PEM file's path, or the PEM itself from a secret. */
  readonly notaryKey: { readonly file?: string; readonly pem?: string };
  /** How often the notary re-reads every stored event against its tree (0: only on demand). */
  readonly notaryAuditEveryMs: number;
  /**
   * Whether this instance's notary signs checkpoints. With several instances on one EventStoreDB, exactly one must
   * (the others follow the log and raise alarms, but sign nothing), so that checkpoints come from one signer, in order.
   */
  readonly notarySigns: boolean;
  /**
   * Several instances on one EventStoreDB, each allowed to sign, with one key: sign only while holding the lease on the
   * `notary-lease` stream (taken with an expected revision, so one holder at a time), recorded as `holder`.
   */
  readonly notaryLease?: { readonly holder: string; readonly ttlMs: number };
  /**
   * Keep the notary's tree on disk and start from it (ready in under 2 s at 1M events), checking everything again before
   * start returns up to 50,000 events and in the background beyond: while that pass runs nothing is signed, /health
   * says so, and what it finds is raised as alarms.
   */
  readonly notaryTreeFile: boolean;
  /** Witnesses every checkpoint is submitted to (C2SP tlog-witness), with their verifier keys. */
  readonly witnesses: readonly { readonly url: string; readonly key?: string }[];
  /**
   * The notary signs a checkpoint after this many new events, and after this long if the log has grown. The events
   * between two checkpoints are the narrowest window a bundle alone can place damage in.
   */
  readonly checkpointEveryEvents: number;
  readonly checkpointEveryMs: number;
  /**
   * Serve reads only and write nothing (an auditor's or a replica's copy, a data folder that cannot be written): the
   * store and the token vault open read-only, writes are refused (`READ_ONLY`), the notary checks but never signs.
   */
  readonly readOnly: boolean;
  /** Why the service is read-only: LEDGER_READ_ONLY, or the file or folder that cannot be written. */
  readonly readOnlyReason?: string;
}

export class ConfigurationError extends Error {
  readonly code = 'CONFIGURATION_INVALID';

  constructor(variable: string, rule: string) {
    super(`${variable}: ${rule}`);
    this.name = 'ConfigurationError';
  }
}

const SYNCHRONOUS_LEVELS: readonly SqliteSynchronous[] = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
export const LOCAL_ROLE = 'local (loopback, no identity provider)';
const MIB = 1024 * 1024;

/** @param osUser the OS account running the service (injectable so its failure can be tested). */
export function loadLedgerConfig(
  env: NodeJS.ProcessEnv = process.env,
  osUser: () => string | undefined = () => userInfo().username,
): LedgerConfig {
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
  const whole = (variable: string, fallback: number, min: number, max: number): number => {
    const text = env[variable]?.trim();
    if (!text) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      throw new ConfigurationError(variable, `must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
  const production = env.NODE_ENV?.trim() === 'production';
  const host = env.HOST?.trim() || '127.0.0.1';
  const auth = authConfig(env);
  if (auth.mode === 'local' && !isLoopbackHost(host)) {
    throw new ConfigurationError(
      'HOST',
      `${host} needs authentication: set LEDGER_OIDC_ISSUER and LEDGER_OIDC_AUDIENCE, or listen on 127.0.0.1 (local mode)`,
    );
  }
  const localActor = { id: localUser(env, osUser), role: LOCAL_ROLE };
  const bootstrapSubject = env.LEDGER_BOOTSTRAP_ADMIN?.trim() || undefined;
  if (bootstrapSubject !== undefined && !/^oidc:\S{1,190}$/.test(bootstrapSubject))
    throw new ConfigurationError('LEDGER_BOOTSTRAP_ADMIN', "must be oidc:<the admin's subject claim>, e.g. oidc:5f0c...");
  const bootstrapName = env.LEDGER_BOOTSTRAP_ADMIN_NAME?.trim() || 'First admin (LEDGER_BOOTSTRAP_ADMIN)';
  if (!isPlainName(bootstrapName))
    throw new ConfigurationError('LEDGER_BOOTSTRAP_ADMIN_NAME', 'must be a name of at most 100 characters, without control characters');
  const bodyLimitBytes = whole('LEDGER_BODY_LIMIT_BYTES', MIB, 1024, 64 * MIB);
  const resolvedDataDir = dataDir === ':memory:' ? dataDir : resolve(dataDir);
  const readOnlyReason = flag('LEDGER_READ_ONLY', false) ? 'LEDGER_READ_ONLY=true' : notWritable(resolvedDataDir);
  if (readOnlyReason !== undefined && env.EVENTSTORE_CONNECTION_STRING?.trim())
    throw new ConfigurationError(
      'LEDGER_READ_ONLY',
      `read-only serving (${readOnlyReason}) is for the embedded store: on EventStoreDB, give the service a user that may only read`,
    );
  if (readOnlyReason !== undefined && dataDir === ':memory:')
    throw new ConfigurationError('LEDGER_READ_ONLY', 'an in-memory store starts empty: there is nothing to serve read-only');
  const readOnly = readOnlyReason !== undefined;
  return {
    port,
    host,
    dataDir: resolvedDataDir,
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING?.trim() || undefined,
    sqliteSynchronous: synchronous,
    production,
    graphiql: flag('LEDGER_GRAPHIQL', !production),
    introspection: flag('LEDGER_INTROSPECTION', !production),
    // A read-only copy records nothing, the demo journeys and the first admin included.
    seedDemo: flag('LEDGER_SEED_DEMO', true) && !readOnly,
    readModel: flag('LEDGER_READ_MODEL', true),
    warmStreams: flag('LEDGER_WARM_STREAMS', true),
    auth,
    ...(auth.mode === 'oidc' ? { browserSignIn: browserSignInConfig(env, auth.audience, whole) } : {}),
    ...(bootstrapSubject && !readOnly ? { bootstrapAdmin: { subject: bootstrapSubject, displayName: bootstrapName } } : {}),
    localActor,
    edge: {
      allowedOrigins: allowedOrigins(env.LEDGER_ALLOWED_ORIGINS),
      bodyLimitBytes,
      // 28 MiB: a 20 MiB document (the importer's bound) in base64, with room for the JSON around it.
      uploadLimitBytes: whole('LEDGER_UPLOAD_LIMIT_BYTES', 28 * MIB, bodyLimitBytes, 256 * MIB),
      concurrentUploads: whole('LEDGER_CONCURRENT_UPLOADS', 2, 1, 64),
      maxQueryDepth: whole('LEDGER_MAX_QUERY_DEPTH', 12, 1, 1000),
      maxQueryAliases: whole('LEDGER_MAX_QUERY_ALIASES', 30, 0, 100_000),
      maxQueryCost: whole('LEDGER_MAX_QUERY_COST', 10_000, 1, 100_000_000),
      maxQueryTokens: whole('LEDGER_MAX_QUERY_TOKENS', 10_000, 100, 10_000_000),
      requestTimeoutMs: whole('LEDGER_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
      rateLimitPerMinute: whole('LEDGER_RATE_LIMIT_PER_MINUTE', 600, 1, 100_000_000),
    },
    logOrigin: env.LEDGER_LOG_ORIGIN?.trim() || 'plan-ledger.local/log',
    notaryKey: notaryKey(env),
    witnesses: witnesses(env.LEDGER_WITNESSES),
    notarySigns: flag('LEDGER_NOTARY_SIGNS', true),
    ...(flag('LEDGER_NOTARY_LEASE', false)
      ? {
          notaryLease: {
            holder: env.LEDGER_INSTANCE_NAME?.trim() || `${hostname()}:${process.pid}`,
            ttlMs: whole('LEDGER_NOTARY_LEASE_MS', 5 * 60 * 1000, 10_000, 24 * 60 * 60 * 1000),
          },
        }
      : {}),
    notaryTreeFile: flag('LEDGER_NOTARY_TREE_FILE', true),
    notaryAuditEveryMs: whole('LEDGER_NOTARY_AUDIT_EVERY_MS', 60 * 60 * 1000, 0, 7 * 24 * 60 * 60 * 1000),
    // 100: an event altered in a bundle is placed within 100 events by the checkpoints alone, for a checkpoint's cost
    // (about 5 ms: sign, fsync, lock) every 100 appends, 1-2 % of the write time; 1M events make 10,000 checkpoints, 2.4 MB.
    checkpointEveryEvents: whole('LEDGER_CHECKPOINT_EVERY_EVENTS', 100, 1, 1_000_000),
    checkpointEveryMs: 15 * 60 * 1000,
    readOnly,
    ...(readOnlyReason !== undefined ? { readOnlyReason } : {}),
  };
}

/**
 * The first of the data folder and the files the service writes in it that exists and cannot be written, as a reason;
 * undefined when all can be (or are yet to be made). Root can write whatever the mode bits say: set LEDGER_READ_ONLY.
 */
function notWritable(dataDir: string): string | undefined {
  if (dataDir === ':memory:') return undefined;
  for (const path of [dataDir, join(dataDir, 'ledger.db'), join(dataDir, 'access-tokens.sqlite'), join(dataDir, 'notary')]) {
    if (!existsSync(path)) continue;
    try {
      accessSync(path, constants.W_OK);
    } catch {
      return `${path} cannot be written`;
    }
  }
  return undefined;
}

/** `<url> [<verifier key>]`, comma-separated: e.g. `https://witness.dfe.example/ dfe.example/witness+1a2b3c4d+BA...`. */
function witnesses(text: string | undefined): LedgerConfig['witnesses'] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [url, key, ...rest] = entry.split(/\s+/);
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        parsed = undefined;
      }
      if (!parsed || rest.length > 0 || !(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))))
        throw new ConfigurationError(
          'LEDGER_WITNESSES',
          `${entry}: give "<https:// url> [<verifier key>]", comma-separated (http:// only on this machine)`,
        );
      return { url, ...(key ? { key } : {}) };
    });
}

function notaryKey(env: NodeJS.ProcessEnv): LedgerConfig['notaryKey'] {
  const file = env.LEDGER_NOTARY_KEY_FILE?.trim() || undefined;
  // A secret store often hands a PEM over as one line with its newlines written \n.
  const pem = env.LEDGER_NOTARY_KEY?.trim().replace(/\\n/g, '\n') || undefined;
  if (file && pem) throw new ConfigurationError('LEDGER_NOTARY_KEY', 'is set with LEDGER_NOTARY_KEY_FILE: give the key one way');
  if (pem && !pem.startsWith('-----BEGIN PRIVATE KEY-----'))
    throw new ConfigurationError('LEDGER_NOTARY_KEY', 'must be an Ed25519 private key in PEM (PKCS#8), -----BEGIN PRIVATE KEY-----...');
  return { ...(file ? { file: resolve(file) } : {}), ...(pem ? { pem } : {}) };
}

function authConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const issuer = env.LEDGER_OIDC_ISSUER?.trim();
  const audience = env.LEDGER_OIDC_AUDIENCE?.trim();
  if (!issuer) {
    if (audience) throw new ConfigurationError('LEDGER_OIDC_AUDIENCE', 'is set without LEDGER_OIDC_ISSUER: set both, or neither');
    return { mode: 'local' };
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ConfigurationError(
      'LEDGER_OIDC_ISSUER',
      'must be the issuer URL of the identity provider, e.g. https://login.example.gov.uk/realms/ledger',
    );
  }
  // Tokens are only as trustworthy as the channel their keys come over; plain HTTP only to a provider on this machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigurationError('LEDGER_OIDC_ISSUER', 'must be an https:// URL (http:// only for a provider on this machine)');
  }
  if (!audience)
    throw new ConfigurationError('LEDGER_OIDC_AUDIENCE', 'must be set with LEDGER_OIDC_ISSUER: the audience tokens are issued for');
  const subjectClaim = env.LEDGER_OIDC_SUBJECT_CLAIM?.trim() || 'sub';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(subjectClaim))
    throw new ConfigurationError('LEDGER_OIDC_SUBJECT_CLAIM', 'must be a claim name, e.g. sub or oid');
  const jwksUri = env.LEDGER_OIDC_JWKS_URI?.trim() || undefined;
  if (jwksUri !== undefined) {
    let jwks: URL | undefined;
    try {
      jwks = new URL(jwksUri);
    } catch {
      jwks = undefined;
    }
    if (!jwks || (jwks.protocol !== 'https:' && !(jwks.protocol === 'http:' && isLoopbackHost(jwks.hostname))))
      throw new ConfigurationError('LEDGER_OIDC_JWKS_URI', 'must be an https:// URL (http:// only on this machine)');
  }
  return { mode: 'oidc', issuer, audience, subjectClaim, ...(jwksUri ? { jwksUri } : {}) };
}

function browserSignInConfig(
  env: NodeJS.ProcessEnv,
  audience: string,
  whole: (variable: string, fallback: number, min: number, max: number) => number,
): BrowserSignInConfig {
  const clientId = env.LEDGER_OIDC_CLIENT_ID?.trim() || audience;
  if (clientId.length > 200 || /\s/.test(clientId))
    throw new ConfigurationError('LEDGER_OIDC_CLIENT_ID', 'must be the application (client) id, without spaces');
  const clientSecret = env.LEDGER_OIDC_CLIENT_SECRET?.trim() || undefined;
  const redirectUri = env.LEDGER_OIDC_REDIRECT_URI?.trim() || undefined;
  if (redirectUri !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(redirectUri);
    } catch {
      url = undefined;
    }
    // The code travels to this address in the browser's URL: over TLS, but for a service on this machine.
    if (
      !url ||
      !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) ||
      url.pathname !== '/sign-in/callback' ||
      url.search !== '' ||
      url.hash !== ''
    )
      throw new ConfigurationError(
        'LEDGER_OIDC_REDIRECT_URI',
        'must be https://<the service>/sign-in/callback (http:// only on this machine), as registered with the provider',
      );
  }
  const sessionIdleMs = whole('LEDGER_SESSION_IDLE_MINUTES', 30, 1, 24 * 60) * 60_000;
  const sessionMaxMs = whole('LEDGER_SESSION_MAX_HOURS', 8, 1, 7 * 24) * 3_600_000;
  return { clientId, ...(clientSecret ? { clientSecret } : {}), ...(redirectUri ? { redirectUri } : {}), sessionIdleMs, sessionMaxMs };
}

function localUser(env: NodeJS.ProcessEnv, osUser: () => string | undefined): string {
  // LEDGER_DEV_ACTOR_ID is the variable's former name, still honoured so existing setups keep their actor.
  for (const variable of ['LEDGER_LOCAL_USER', 'LEDGER_DEV_ACTOR_ID']) {
    const configured = env[variable]?.trim();
    if (!configured) continue;
    if (!isPlainName(configured))
      throw new ConfigurationError(variable, 'must be a name of at most 100 characters, without control characters');
    return configured;
  }
  let name: string | undefined;
  try {
    name = osUser()?.trim();
  } catch {
    // A container's uid often has no passwd entry, hence no name.
    name = undefined;
  }
  return name && isPlainName(name) ? name : 'local-user';
}

function isPlainName(name: string): boolean {
  return name.length <= 100 && !/\p{Cc}/u.test(name);
}

function allowedOrigins(text: string | undefined): string[] {
  const origins = (text ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    // Compared byte for byte with the browser's Origin header, so only the exact serialised form can ever match.
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigurationError(
        'LEDGER_ALLOWED_ORIGINS',
        `${origin} is not an origin: give scheme://host[:port] with no path or trailing slash, comma-separated`,
      );
    }
  }
  return origins;
}
