import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { ConfigurationError, loadLedgerConfig } from './ledger-config';
import { isLoopbackAddress, isLoopbackHost } from './loopback';

const LOCAL_ROLE = 'local (loopback, no identity provider)';

describe('loadLedgerConfig', () => {
  it('works out of the box: loopback port 3000, ./data, the embedded store, synchronous FULL, local mode', () => {
    const actor = { id: 'ada', role: LOCAL_ROLE };
    expect(loadLedgerConfig({}, () => 'ada')).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      eventStoreConnectionString: undefined,
      sqliteSynchronous: 'FULL',
      production: false,
      graphiql: true,
      introspection: true,
      seedDemo: true,
      readModel: true,
      warmStreams: true,
      auth: { mode: 'local' },
      localActor: actor,
      edge: {
        allowedOrigins: [],
        bodyLimitBytes: 1048576,
        uploadLimitBytes: 29360128,
        concurrentUploads: 2,
        maxQueryDepth: 12,
        maxQueryAliases: 30,
        maxQueryCost: 10_000,
        maxQueryTokens: 10000,
        requestTimeoutMs: 30000,
        rateLimitPerMinute: 600,
      },
      logOrigin: 'plan-ledger.local/log',
      notaryKey: {},
      notaryAuditEveryMs: 3600000,
      witnesses: [],
      notarySigns: true,
      notaryTreeFile: true,
      checkpointEveryEvents: 100,
      checkpointEveryMs: 900000,
      readOnly: false,
    });
  });

  it('serves read-only with LEDGER_READ_ONLY: no demo seed, no first admin, and says why', () => {
    const config = loadLedgerConfig({
      LEDGER_READ_ONLY: 'true',
      LEDGER_DATA_DIR: '/var/lib/ledger-copy',
      LEDGER_BOOTSTRAP_ADMIN: 'oidc:someone',
      LEDGER_OIDC_ISSUER: 'https://login.example.gov.uk',
      LEDGER_OIDC_AUDIENCE: 'ledger',
    });
    expect(config).toMatchObject({ readOnly: true, readOnlyReason: 'LEDGER_READ_ONLY=true', seedDemo: false });
    expect(config.bootstrapAdmin).toBeUndefined();
  });

  it('warms streams at start unless LEDGER_WARM_STREAMS is false, and names the variable when it is neither', () => {
    expect(loadLedgerConfig({ LEDGER_WARM_STREAMS: 'false' }).warmStreams).toBe(false);
    expect(() => loadLedgerConfig({ LEDGER_WARM_STREAMS: 'sometimes' })).toThrow(/LEDGER_WARM_STREAMS/);
  });

  it('takes the signing lease when asked, under the instance name given', () => {
    expect(loadLedgerConfig({ LEDGER_NOTARY_LEASE: 'true', LEDGER_INSTANCE_NAME: 'api-2' }).notaryLease).toEqual({
      holder: 'api-2',
      ttlMs: 300000,
    });
    expect(loadLedgerConfig({}).notaryLease).toBeUndefined();
  });

  it('refuses read-only serving where it cannot hold: on EventStoreDB, and on an in-memory store', () => {
    expect(() => loadLedgerConfig({ LEDGER_READ_ONLY: 'true', EVENTSTORE_CONNECTION_STRING: 'esdb://node1:2113' })).toThrow(
      /^LEDGER_READ_ONLY: .*EventStoreDB/,
    );
    expect(() => loadLedgerConfig({ LEDGER_READ_ONLY: 'true', LEDGER_DATA_DIR: ':memory:' })).toThrow(/^LEDGER_READ_ONLY: /);
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
    [{ LEDGER_INTROSPECTION: 'sometimes' }, 'LEDGER_INTROSPECTION'],
    [{ LEDGER_MAX_QUERY_DEPTH: 'deep' }, 'LEDGER_MAX_QUERY_DEPTH'],
    [{ LEDGER_MAX_QUERY_COST: '0' }, 'LEDGER_MAX_QUERY_COST'],
    [{ LEDGER_BODY_LIMIT_BYTES: '1.5e6' }, 'LEDGER_BODY_LIMIT_BYTES'],
    [{ LEDGER_BODY_LIMIT_BYTES: '4194304', LEDGER_UPLOAD_LIMIT_BYTES: '2097152' }, 'LEDGER_UPLOAD_LIMIT_BYTES'],
    [{ LEDGER_REQUEST_TIMEOUT_MS: '-1' }, 'LEDGER_REQUEST_TIMEOUT_MS'],
    [{ LEDGER_RATE_LIMIT_PER_MINUTE: 'lots' }, 'LEDGER_RATE_LIMIT_PER_MINUTE'],
    [{ LEDGER_ALLOWED_ORIGINS: 'https://dash.example.gov.uk/' }, 'LEDGER_ALLOWED_ORIGINS'],
    [{ LEDGER_ALLOWED_ORIGINS: 'dash.example.gov.uk' }, 'LEDGER_ALLOWED_ORIGINS'],
    [{ LEDGER_ALLOWED_ORIGINS: 'https://a.example, *' }, 'LEDGER_ALLOWED_ORIGINS'],
    [{ LEDGER_LOCAL_USER: 'ada\u0007' }, 'LEDGER_LOCAL_USER'],
    [{ LEDGER_LOCAL_USER: 'a'.repeat(101) }, 'LEDGER_LOCAL_USER'],
  ])('refuses %p naming the variable', (env, variable) => {
    expect(() => loadLedgerConfig(env)).toThrow(ConfigurationError);
    expect(() => loadLedgerConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });

  describe('secure by default', () => {
    it.each(['0.0.0.0', '::', '192.168.1.20', 'ledger.example.gov.uk'])(
      'refuses to listen on %s with no identity provider, in one line naming what to set',
      (host) => {
        expect(() => loadLedgerConfig({ HOST: host })).toThrow(
          `HOST: ${host} needs authentication: set LEDGER_OIDC_ISSUER and LEDGER_OIDC_AUDIENCE, or listen on 127.0.0.1 (local mode)`,
        );
      },
    );

    it.each(['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost'])('listens on loopback %s in local mode', (host) => {
      expect(loadLedgerConfig({ HOST: host })).toMatchObject({ host, auth: { mode: 'local' } });
    });

    it('takes an identity provider from LEDGER_OIDC_ISSUER and LEDGER_OIDC_AUDIENCE, and may then listen on any interface', () => {
      const config = loadLedgerConfig({
        HOST: '0.0.0.0',
        LEDGER_OIDC_ISSUER: 'https://login.example.gov.uk/realms/ledger',
        LEDGER_OIDC_AUDIENCE: 'plan-ledger',
      });
      expect(config).toMatchObject({
        host: '0.0.0.0',
        auth: { mode: 'oidc', issuer: 'https://login.example.gov.uk/realms/ledger', audience: 'plan-ledger' },
      });
    });

    it.each([
      [{ LEDGER_OIDC_ISSUER: 'https://login.example.gov.uk' }, 'LEDGER_OIDC_AUDIENCE'],
      [{ LEDGER_OIDC_AUDIENCE: 'plan-ledger' }, 'LEDGER_OIDC_AUDIENCE'],
      [{ LEDGER_OIDC_ISSUER: 'http://login.example.gov.uk', LEDGER_OIDC_AUDIENCE: 'plan-ledger' }, 'LEDGER_OIDC_ISSUER'],
      [{ LEDGER_OIDC_ISSUER: 'not a url', LEDGER_OIDC_AUDIENCE: 'plan-ledger' }, 'LEDGER_OIDC_ISSUER'],
    ])('refuses an incomplete or insecure identity provider %p', (env, variable) => {
      expect(() => loadLedgerConfig(env)).toThrow(new RegExp(`^${variable}: `));
    });

    it('accepts a provider over plain HTTP only on this machine', () => {
      const config = loadLedgerConfig({ LEDGER_OIDC_ISSUER: 'http://localhost:8080/realms/dev', LEDGER_OIDC_AUDIENCE: 'plan-ledger' });
      expect(config.auth).toEqual({
        mode: 'oidc',
        issuer: 'http://localhost:8080/realms/dev',
        audience: 'plan-ledger',
        subjectClaim: 'sub',
      });
    });

    it('takes the subject claim and the JWKS location when given, and refuses nonsense in them', () => {
      const base = { LEDGER_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0', LEDGER_OIDC_AUDIENCE: 'api://plan-ledger' };
      expect(
        loadLedgerConfig({
          ...base,
          LEDGER_OIDC_SUBJECT_CLAIM: 'oid',
          LEDGER_OIDC_JWKS_URI: 'https://login.microsoftonline.com/tenant/discovery/v2.0/keys',
        }).auth,
      ).toMatchObject({ subjectClaim: 'oid', jwksUri: 'https://login.microsoftonline.com/tenant/discovery/v2.0/keys' });
      expect(() => loadLedgerConfig({ ...base, LEDGER_OIDC_SUBJECT_CLAIM: 'o id' })).toThrow(/^LEDGER_OIDC_SUBJECT_CLAIM: /);
      expect(() => loadLedgerConfig({ ...base, LEDGER_OIDC_JWKS_URI: 'http://keys.example.com/jwks' })).toThrow(/^LEDGER_OIDC_JWKS_URI: /);
    });

    it('takes the notary key from a file or a secret, one way only', () => {
      expect(loadLedgerConfig({ LEDGER_NOTARY_KEY_FILE: '/run/secrets/notary.pem' }).notaryKey).toEqual({
        file: '/run/secrets/notary.pem',
      });
      const pem = '-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIA==\\n-----END PRIVATE KEY-----';
      expect(loadLedgerConfig({ LEDGER_NOTARY_KEY: pem }).notaryKey.pem).toContain('\n');
      expect(() => loadLedgerConfig({ LEDGER_NOTARY_KEY: pem, LEDGER_NOTARY_KEY_FILE: '/k.pem' })).toThrow(/^LEDGER_NOTARY_KEY: /);
      expect(() => loadLedgerConfig({ LEDGER_NOTARY_KEY: 'secret' })).toThrow(/^LEDGER_NOTARY_KEY: /);
    });

    it('names the first admin only as an identity-provider subject', () => {
      expect(loadLedgerConfig({ LEDGER_BOOTSTRAP_ADMIN: 'oidc:5f0c1d2e' }).bootstrapAdmin).toEqual({
        subject: 'oidc:5f0c1d2e',
        displayName: 'First admin (LEDGER_BOOTSTRAP_ADMIN)',
      });
      expect(() => loadLedgerConfig({ LEDGER_BOOTSTRAP_ADMIN: 'alice' })).toThrow(/^LEDGER_BOOTSTRAP_ADMIN: /);
      expect(() => loadLedgerConfig({ LEDGER_BOOTSTRAP_ADMIN: 'oidc:has space' })).toThrow(/^LEDGER_BOOTSTRAP_ADMIN: /);
    });
  });

  describe('the local user, recorded on every event in local mode', () => {
    it('is the OS account by default', () => {
      expect(loadLedgerConfig({}).localActor).toEqual({ id: userInfo().username, role: LOCAL_ROLE });
    });

    it('is LEDGER_LOCAL_USER when set, or LEDGER_DEV_ACTOR_ID (its former name)', () => {
      expect(loadLedgerConfig({ LEDGER_LOCAL_USER: 'Ada Lovelace' }).localActor.id).toBe('Ada Lovelace');
      expect(loadLedgerConfig({ LEDGER_DEV_ACTOR_ID: 'development-principal' }).localActor.id).toBe('development-principal');
      expect(loadLedgerConfig({ LEDGER_LOCAL_USER: 'ada', LEDGER_DEV_ACTOR_ID: 'old' }).localActor.id).toBe('ada');
    });

    it("is 'local-user' when the OS account has no name", () => {
      const noName = () => {
        throw new Error('ENOENT: no passwd entry');
      };
      expect(loadLedgerConfig({}, noName).localActor).toEqual({ id: 'local-user', role: LOCAL_ROLE });
      expect(loadLedgerConfig({}, () => undefined).localActor.id).toBe('local-user');
    });
  });

  describe('production', () => {
    it('turns introspection and GraphiQL off unless asked for explicitly', () => {
      expect(loadLedgerConfig({ NODE_ENV: 'production' })).toMatchObject({ production: true, introspection: false, graphiql: false });
      expect(loadLedgerConfig({ NODE_ENV: 'production', LEDGER_INTROSPECTION: 'true', LEDGER_GRAPHIQL: 'true' })).toMatchObject({
        introspection: true,
        graphiql: true,
      });
      expect(loadLedgerConfig({ LEDGER_INTROSPECTION: 'false', LEDGER_GRAPHIQL: 'false' })).toMatchObject({
        introspection: false,
        graphiql: false,
      });
    });
  });

  it('reads the edge limits and the allowed origins', () => {
    const { edge } = loadLedgerConfig({
      LEDGER_ALLOWED_ORIGINS: 'https://dash.example.gov.uk, http://localhost:5173',
      LEDGER_BODY_LIMIT_BYTES: '2097152',
      LEDGER_UPLOAD_LIMIT_BYTES: '2097152',
      LEDGER_CONCURRENT_UPLOADS: '1',
      LEDGER_MAX_QUERY_DEPTH: '8',
      LEDGER_MAX_QUERY_ALIASES: '0',
      LEDGER_MAX_QUERY_COST: '100',
      LEDGER_MAX_QUERY_TOKENS: '500',
      LEDGER_REQUEST_TIMEOUT_MS: '5000',
      LEDGER_RATE_LIMIT_PER_MINUTE: '60',
    });
    expect(edge).toEqual({
      allowedOrigins: ['https://dash.example.gov.uk', 'http://localhost:5173'],
      bodyLimitBytes: 2097152,
      uploadLimitBytes: 2097152,
      concurrentUploads: 1,
      maxQueryDepth: 8,
      maxQueryAliases: 0,
      maxQueryCost: 100,
      maxQueryTokens: 500,
      requestTimeoutMs: 5000,
      rateLimitPerMinute: 60,
    });
  });
});

describe('loopback', () => {
  it.each(['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.example.com', '::ffff:10.0.0.1', ''])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('knows a loopback peer, IPv4-mapped included', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].map(isLoopbackAddress)).toEqual([true, true, true]);
    expect(['10.1.2.3', '::ffff:10.1.2.3', undefined].map(isLoopbackAddress)).toEqual([false, false, false]);
  });
});
