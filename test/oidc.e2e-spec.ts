import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ROLES } from '@plan-ledger/domain';
import { ConfigurationError, loadLedgerConfig } from '../apps/api/src/config/ledger-config';
import { createApp } from '../apps/api/src/create-app';
import { grantToken } from './support/access';
import { ledgerCommand } from './support/cli';
import { graphql, RECORD_RESULT, type GraphqlError } from './support/graphql';
import type { Recorded } from './support/graphql-types';
import { startOidcIssuer, type OidcIssuer, type SignOptions } from './support/oidc-issuer';
import { startApp, type RunningApp } from './support/running-app';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const REGISTER = 'mutation ($input: RegisterAuthorityInput!) { registerAuthority(input: $input) { revision } }';
const WORCESTERSHIRE = {
  laCode: '885',
  name: 'Worcestershire',
  region: 'West Midlands',
  onsCode: 'E10000034',
  occurredAt: { from: '2016-10', precision: 'month' },
};
const KENT = {
  laCode: '886',
  name: 'Kent',
  region: 'South East',
  onsCode: 'E10000016',
  occurredAt: { from: '2016-10', precision: 'month' },
};
const CREATE_PLAN = `mutation ($input: CreatePlanInput!) { createPlan(input: $input) { ${RECORD_RESULT.replace('actor { id role }', 'actor { id role displayName council }')} } }`;
const GRANT = 'mutation ($input: GrantAccessInput!) { grantAccess(input: $input) { grantId subject } }';
const REVOKE = 'mutation ($input: RevokeAccessInput!) { revokeAccess(input: $input) { grantId } }';
const GRANTS = '{ accessGrants { grantId subject displayName role councils status grantedBy { id role } } }';
const TIMELINE = 'query ($laCode: String!) { timeline(laCode: $laCode) { cut { headPosition } entries { kind title } } }';
const june = { from: '2017-06', precision: 'month', label: 'June 2017' };

interface Answer {
  status: number;
  body: { code?: string; message?: string; data?: unknown; errors?: GraphqlError[] };
  wwwAuthenticate: string | null;
}

/** One GraphQL request with exactly this Authorization header (or none): the support client only ever sends Bearer. */
async function post(
  baseUrl: string,
  authorization: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Answer['body'],
    wwwAuthenticate: response.headers.get('www-authenticate'),
  };
}

function planInput(planId: string, laCode = '885') {
  return { planId, laCode, title: `Plan ${planId}`, kind: 'priority plan', occurredAt: june };
}

describe('the test issuer', () => {
  it("publishes Entra ID's discovery document and keys, and signs tokens with Entra's claims", async () => {
    const issuer = await startOidcIssuer();
    try {
      expect(issuer.issuer).toBe(`http://127.0.0.1:${issuer.port}/${issuer.tenantId}/v2.0`);
      const discovery = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      expect(discovery).toMatchObject({
        issuer: issuer.issuer,
        jwks_uri: issuer.jwksUri,
        id_token_signing_alg_values_supported: ['RS256'],
      });
      const jwks = (await (await fetch(issuer.jwksUri)).json()) as { keys: Record<string, unknown>[] };
      expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', use: 'sig', kid: issuer.kid, n: expect.any(String), e: 'AQAB' })]);

      const token = await issuer.sign({ sub: 'someone', name: 'Some One' });
      expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: issuer.kid });
      const claims = decodeJwt(token);
      expect(claims).toMatchObject({
        iss: issuer.issuer,
        aud: issuer.audience,
        sub: 'someone',
        oid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        tid: issuer.tenantId,
        name: 'Some One',
        preferred_username: expect.stringContaining('someone@'),
        ver: '2.0',
      });
      expect(claims.exp! - claims.iat!).toBe(3600);
      expect(claims.nbf).toBe(claims.iat);
      // The same person keeps the same oid, as in a real directory.
      expect(decodeJwt(await issuer.sign({ sub: 'someone' })).oid).toBe(claims.oid);
    } finally {
      await issuer.stop();
    }
  });
});

describe('signing in with an OpenID Connect issuer (Microsoft Entra ID shape)', () => {
  const ADMIN = 'a7c1-admin';
  let issuer: OidcIssuer;
  let running: RunningApp;
  let adminToken: string;
  let auditorToken: string;
  let editorToken: string;

  const as = (sub: string, name: string, options?: SignOptions) => issuer.sign({ sub, name }, options);
  const grant = async (subject: string, role: string, councils?: string[], displayName = `${role} as granted`) => {
    const answer = await graphql<{ grantAccess: { grantId: string; subject: string } }>(
      running.baseUrl,
      GRANT,
      { input: { subject, displayName, role, ...(councils ? { councils } : {}) } },
      { token: adminToken },
    );
    if (!answer.data) throw new Error(`grantAccess failed: ${answer.raw}`);
    return answer.data.grantAccess;
  };
  /** The log's head, read by the auditor: unchanged means nothing at all was recorded. */
  const head = async (): Promise<string> => {
    const answer = await graphql<{ timeline: { cut: { headPosition: string } } }>(
      running.baseUrl,
      TIMELINE,
      { laCode: '885' },
      { token: auditorToken },
    );
    if (!answer.data) throw new Error(`timeline failed: ${answer.raw}`);
    return answer.data.timeline.cut.headPosition;
  };

  beforeAll(async () => {
    issuer = await startOidcIssuer();
    running = await startApp({
      env: {
        LEDGER_OIDC_ISSUER: issuer.issuer,
        LEDGER_OIDC_AUDIENCE: issuer.audience,
        LEDGER_BOOTSTRAP_ADMIN: `oidc:${ADMIN}`,
        // The property test alone sends hundreds of requests from one address.
        LEDGER_RATE_LIMIT_PER_MINUTE: '100000',
      },
    });
    adminToken = await as(ADMIN, 'Ada Admin');
    for (const input of [WORCESTERSHIRE, KENT]) {
      const registered = await graphql(running.baseUrl, REGISTER, { input }, { token: adminToken });
      if (registered.errors) throw new Error(`could not register ${input.name}: ${registered.raw}`);
    }
    await grant('oidc:aud-1', 'auditor');
    auditorToken = await as('aud-1', 'Audrey Auditor');
    await grant('oidc:ed-885', 'editor', ['885'], 'Editor (the name on the grant)');
    editorToken = await as('ed-885', 'Eddie Editor');
  });
  afterAll(async () => {
    await running?.stop();
    await issuer?.stop();
  });

  it("takes the bootstrap admin's token, and its grants are on the record as the admin's", async () => {
    const { data, errors } = await graphql<{
      accessGrants: { subject: string; role: string; councils: string[] | null; status: string; grantedBy: { id: string } }[];
    }>(running.baseUrl, GRANTS, {}, { token: adminToken });
    expect(errors).toBeUndefined();
    expect(data!.accessGrants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subject: `oidc:${ADMIN}`,
          role: 'admin',
          councils: null,
          status: 'active',
          grantedBy: { id: 'system:bootstrap', role: 'admin' },
        }),
        expect.objectContaining({
          subject: 'oidc:aud-1',
          role: 'auditor',
          status: 'active',
          grantedBy: { id: `oidc:${ADMIN}`, role: 'admin' },
        }),
        expect.objectContaining({
          subject: 'oidc:ed-885',
          role: 'editor',
          councils: ['885'],
          status: 'active',
          grantedBy: { id: `oidc:${ADMIN}`, role: 'admin' },
        }),
      ]),
    );
    // Granting is the admin's alone: the same mutation with the editor's token is refused.
    const byEditor = await graphql(
      running.baseUrl,
      GRANT,
      { input: { subject: 'oidc:x', displayName: 'X', role: 'admin' } },
      { token: editorToken },
    );
    expect(byEditor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a granted editor record and read its own council, and nothing of another', async () => {
    const own = await graphql<Recorded<'createPlan'>>(running.baseUrl, CREATE_PLAN, { input: planInput('ed-own') }, { token: editorToken });
    expect(own.errors).toBeUndefined();
    expect(own.data!.createPlan.events.map((event) => event.type)).toEqual(['PlanCreated']);

    const before = await head();
    const other = await graphql<Recorded<'createPlan'>>(
      running.baseUrl,
      CREATE_PLAN,
      { input: planInput('ed-other', '886') },
      { token: editorToken },
    );
    expect(other.data).toBeUndefined();
    expect(other.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('886') });
    expect(await head()).toBe(before);

    const ownTimeline = await graphql<{ timeline: { entries: { kind: string; title: string }[] } }>(
      running.baseUrl,
      TIMELINE,
      { laCode: '885' },
      { token: editorToken },
    );
    expect(ownTimeline.errors).toBeUndefined();
    expect(ownTimeline.data!.timeline.entries).toContainEqual(expect.objectContaining({ kind: 'plan' }));
    const otherTimeline = await graphql(running.baseUrl, TIMELINE, { laCode: '886' }, { token: editorToken });
    expect(otherTimeline.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('886') });
    const otherHistory = await graphql(
      running.baseUrl,
      '{ history(streamId: "authority-886") { totalCount } }',
      {},
      { token: editorToken },
    );
    expect(otherHistory.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("records the actor as the token's subject, with the name the token gives, the role and the council", async () => {
    const recorded = await graphql<{ createPlan: { events: { actor: unknown }[] } }>(
      running.baseUrl,
      CREATE_PLAN,
      { input: planInput('ed-actor') },
      { token: editorToken },
    );
    const actor = { id: 'oidc:ed-885', displayName: 'Eddie Editor', role: 'editor', council: '885' };
    expect(recorded.data?.createPlan.events.map((event) => event.actor)).toEqual([actor]);
    // And as stored, read back by someone else.
    const history = await graphql<{ history: { edges: { node: { actor: unknown } }[] } }>(
      running.baseUrl,
      '{ history(streamId: "plan-ed-actor") { edges { node { actor { id displayName role council } } } } }',
      {},
      { token: auditorToken },
    );
    expect(history.data?.history.edges.map((edge) => edge.node.actor)).toEqual([actor]);
  });

  it("keeps a name with control or bidirectional characters out of the log, recording the grant's name instead", async () => {
    const forger = await as('ed-885', 'Boss\u001b[31m\r\n[Nest] fake LOG line\u202e');
    const recorded = await graphql<{ createPlan: { events: { actor: { displayName: string } }[] } }>(
      running.baseUrl,
      CREATE_PLAN,
      { input: planInput('ed-forged-name') },
      { token: forger },
    );
    const recordedName = recorded.data?.createPlan.events[0].actor.displayName;
    expect(recordedName).toBeDefined();
    for (const forged of ['Boss', '\u001b', '\u202e']) expect(recordedName).not.toContain(forged);
  });

  describe('refuses, with 401 UNAUTHENTICATED and the reason, recording nothing', () => {
    type Case = [string, () => Promise<string | undefined>, RegExp];
    const bearer = (options: SignOptions) => async () => `Bearer ${await as(ADMIN, 'Ada Admin', options)}`;
    const cases: Case[] = [
      ['no token', async () => undefined, /no credentials/],
      ['an expired token', bearer({ expired: true }), /the token expired at \d{4}-/],
      ['a token not valid yet', bearer({ notYetValid: true }), /not valid yet \(nbf\)/],
      ['a token for another audience', bearer({ audience: 'api://someone-else' }), /is for another audience/],
      [
        'a token from another issuer',
        bearer({ issuer: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0' }),
        /another issuer/,
      ],
      [
        'a token signed with a key the issuer does not publish',
        bearer({ forgery: 'unpublished-key' }),
        /signature does not verify against the issuer's keys/,
      ],
      [
        'a token naming a kid the issuer does not publish',
        bearer({ forgery: 'unpublished-kid' }),
        /signed with a key the issuer does not publish/,
      ],
      ['alg none', bearer({ forgery: 'alg-none' }), /algorithm is not accepted/],
      ['HS256 with the public key as its secret', bearer({ forgery: 'hs256-public-key' }), /algorithm is not accepted/],
      ['garbage', async () => 'Bearer garbage', /not a valid JWT/],
      ['three segments of garbage', async () => 'Bearer eyJub3Qi.eyJqc29uIg.c2ln', /not a valid JWT/],
      ['the Basic scheme', async () => `Basic ${Buffer.from(`${ADMIN}:secret`).toString('base64')}`, /must be "Bearer <token>"/],
      // Signed and valid in every other way: only its length is wrong.
      [
        'a token 10 KB long',
        async () => `Bearer ${await issuer.sign({ sub: ADMIN, name: 'Ada Admin', padding: 'x'.repeat(7_300) })}`,
        /the token is longer than 8192 characters/,
      ],
    ];

    it.each(cases)('%s', async (what, authorization, reason) => {
      const header = await authorization();
      if (what.includes('10 KB')) expect(header!.length).toBeGreaterThanOrEqual(10_240);
      const before = await head();
      const planId = `refused-${what.replace(/\W+/g, '-')}`.slice(0, 60);
      const answer = await post(running.baseUrl, header, CREATE_PLAN, { input: planInput(planId) });
      expect({ status: answer.status, code: answer.body.errors?.[0].extensions?.code, message: answer.body.errors?.[0].message }).toEqual({
        status: 401,
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(reason),
      });
      expect(answer.body.data ?? undefined).toBeUndefined();
      if (header !== undefined) expect(answer.wwwAuthenticate).toMatch(/^Bearer error="invalid_token"/);
      expect(await head()).toBe(before);
    });
  });

  it('answers a valid token of a subject holding no grant with 403 FORBIDDEN before reading the query', async () => {
    const stranger = await as('nobody-7', 'Nobody');
    const answer = await graphql(running.baseUrl, TIMELINE, { laCode: '885' }, { token: stranger });
    expect(answer.status).toBe(403);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('holds no role') });
  });

  it('refuses an API token as soon as the admin revokes it', async () => {
    const viewer = await grantToken(running.baseUrl, 'viewer', ['885'], { asToken: adminToken, displayName: 'A dashboard' });
    expect((await graphql(running.baseUrl, TIMELINE, { laCode: '885' }, { token: viewer.token })).errors).toBeUndefined();

    const revoked = await graphql(
      running.baseUrl,
      REVOKE,
      { input: { grantId: viewer.grantId, reason: 'the dashboard is retired' } },
      { token: adminToken },
    );
    expect(revoked.errors).toBeUndefined();
    const after = await post(running.baseUrl, `Bearer ${viewer.token}`, TIMELINE, { laCode: '885' });
    expect(after.status).toBe(401);
    expect(after.body.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/revoked/) });
  });

  it('never accepts a token with any of its characters or bits changed (property)', async () => {
    const original = await as(ADMIN, 'Ada Admin');
    const segments = original.split('.');
    const printable = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code));
    const replaceCharacters = fc
      .array(fc.tuple(fc.nat({ max: original.length - 1 }), printable), { minLength: 1, maxLength: 4 })
      .map((edits) => edits.reduce((token, [at, character]) => token.slice(0, at) + character + token.slice(at + 1), original));
    const flipBit = fc.tuple(fc.nat({ max: 2 }), fc.nat(), fc.nat({ max: 7 })).map(([part, at, bit]) => {
      const bytes = Buffer.from(segments[part], 'base64url');
      bytes[at % bytes.length] ^= 1 << bit;
      return segments.map((segment, index) => (index === part ? bytes.toString('base64url') : segment)).join('.');
    });
    const dropOrInsert = fc
      .tuple(fc.nat({ max: original.length }), fc.option(printable, { nil: undefined }))
      .map(([at, character]) => original.slice(0, at) + (character ?? '') + original.slice(character === undefined ? at + 1 : at));

    await fc.assert(
      fc.asyncProperty(fc.oneof(replaceCharacters, flipBit, dropOrInsert), async (token) => {
        fc.pre(token !== original);
        const answer = await post(running.baseUrl, `Bearer ${token}`, GRANTS);
        // Even a spelling that decodes to the same signed bytes (base64url's spare bits) is refused: only the canonical text counts.
        expect({ status: answer.status, code: answer.body.errors?.[0].extensions?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      }),
      { numRuns: 200 },
    );
  });
});

describe('an identity provider configured', () => {
  it('may listen beyond loopback; without one, the service refuses to', async () => {
    const issuer = await startOidcIssuer();
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-oidc-'));
    try {
      const env = { HOST: '0.0.0.0', PORT: '0', LEDGER_DATA_DIR: dataDir, LEDGER_SEED_DEMO: 'false', LEDGER_GRAPHIQL: 'false' };
      expect(() => loadLedgerConfig(env)).toThrow(ConfigurationError);
      expect(() => loadLedgerConfig(env)).toThrow(/^HOST: 0\.0\.0\.0 needs authentication/);

      const config = loadLedgerConfig({
        ...env,
        LEDGER_OIDC_ISSUER: issuer.issuer,
        LEDGER_OIDC_AUDIENCE: issuer.audience,
        LEDGER_BOOTSTRAP_ADMIN: 'oidc:wide-admin',
      });
      expect(config).toMatchObject({
        host: '0.0.0.0',
        auth: { mode: 'oidc', issuer: issuer.issuer, audience: issuer.audience, subjectClaim: 'sub' },
      });
      const app = await createApp(config, { logger: false });
      try {
        await app.listen({ port: 0, host: config.host });
        const address = app.getHttpServer().address() as AddressInfo;
        expect(address.address).toBe('0.0.0.0');
        const baseUrl = `http://127.0.0.1:${address.port}`;
        expect((await post(baseUrl, undefined, GRANTS)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        const admin = await issuer.sign({ sub: 'wide-admin' });
        const answer = await graphql(baseUrl, GRANTS, {}, { token: admin });
        expect(answer.errors).toBeUndefined();
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await issuer.stop();
    }
  });

  it('answers 503 with the reason while the issuer cannot be reached, and recovers when it can', async () => {
    const first = await startOidcIssuer();
    const { port, tenantId } = first;
    const early = await first.sign({ sub: 'down-admin' });
    await first.stop();
    const running = await startApp({
      env: { LEDGER_OIDC_ISSUER: first.issuer, LEDGER_OIDC_AUDIENCE: first.audience, LEDGER_BOOTSTRAP_ADMIN: 'oidc:down-admin' },
    });
    let again: OidcIssuer | undefined;
    try {
      const down = await post(running.baseUrl, `Bearer ${early}`, GRANTS);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({
        code: 'IDENTITY_PROVIDER_UNAVAILABLE',
        errors: [{ extensions: { code: 'IDENTITY_PROVIDER_UNAVAILABLE' } }],
      });
      expect(down.body.message).toContain(
        `cannot read the identity provider's discovery document at ${first.issuer}/.well-known/openid-configuration`,
      );
      // Still serving: liveness needs no identity provider.
      const health = await fetch(`${running.baseUrl}/health`);
      expect(health.status).toBe(200);

      // The same issuer URL back, with new keys: the failure was not remembered.
      again = await startOidcIssuer({ port, tenantId });
      expect(again.issuer).toBe(first.issuer);
      const answer = await graphql(running.baseUrl, GRANTS, {}, { token: await again.sign({ sub: 'down-admin' }) });
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
    } finally {
      await running.stop();
      await again?.stop();
    }
  });
});

describe('ledger dev-issuer', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  function start(...args: string[]) {
    const child = spawn(process.execPath, [...ledgerCommand(), 'dev-issuer', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const until = (pattern: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          if (pattern.test(stdout)) return resolve(stdout);
          if (child.exitCode !== null)
            return reject(new Error(`dev-issuer exited ${child.exitCode} before printing ${pattern}: ${stderr}${stdout}`));
          setTimeout(check, 50);
        };
        check();
      });
    return { child, exited, until, output: () => ({ stdout, stderr }) };
  }

  it('refuses to listen on anything but loopback, in one line, before printing any token', async () => {
    const cli = start('--host', '0.0.0.0', '--port', '0');
    expect(await cli.exited).toBe(2);
    const { stdout, stderr } = cli.output();
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^ledger: refusing --host 0\.0\.0\.0: the development issuer listens on loopback only .*\n$/);
    expect(stderr.split('\n')).toHaveLength(2);
  });

  it('prints the service variables and a token per role, and with --api grants every role so that every token works', async () => {
    const servicePort = await freePort();
    const api = `http://127.0.0.1:${servicePort}`;
    const cli = start('--port', '0', '--api', api, '--council', '885', '--hours', '1');
    const printed = await cli.until(/Waiting for the service/);

    const variables = Object.fromEntries(
      [...printed.matchAll(/^(LEDGER_OIDC_ISSUER|LEDGER_OIDC_AUDIENCE|LEDGER_BOOTSTRAP_ADMIN|HOST)=(\S+)$/gm)].map((line) => [
        line[1],
        line[2],
      ]),
    );
    expect(variables).toEqual({
      LEDGER_OIDC_ISSUER: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]{36}\/v2\.0$/),
      LEDGER_OIDC_AUDIENCE: expect.any(String),
      LEDGER_BOOTSTRAP_ADMIN: 'oidc:dev-admin',
      HOST: '127.0.0.1',
    });
    const tokens = new Map(
      [...printed.matchAll(/^(\S+)\s+oidc:(dev-\S+)\s+(?:council 885|national)\s+(eyJ\S+)$/gm)].map((line) => [
        line[1],
        { subject: line[2], token: line[3] },
      ]),
    );
    expect([...tokens.keys()].sort()).toEqual([...ROLES].sort());
    for (const [role, { subject }] of tokens) expect(subject).toBe(`dev-${role}`);

    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-dev-issuer-'));
    const config = loadLedgerConfig({
      ...variables,
      PORT: String(servicePort),
      LEDGER_DATA_DIR: dataDir,
      LEDGER_SEED_DEMO: 'false',
      LEDGER_GRAPHIQL: 'false',
    });
    const app = await createApp(config, { logger: false });
    try {
      await app.listen({ port: servicePort, host: '127.0.0.1' });
      const ready = await cli.until(/Every token works now/);
      expect(ready).toMatch(/^granted editor for 885 to oidc:dev-editor$/m);
      expect(ready).toMatch(/^oidc:dev-admin holds admin already$/m);

      const token = (role: string) => tokens.get(role)!.token;
      expect((await graphql(api, REGISTER, { input: WORCESTERSHIRE }, { token: token('admin') })).errors).toBeUndefined();
      const plan = await graphql<Recorded<'createPlan'>>(api, CREATE_PLAN, { input: planInput('dev-plan') }, { token: token('editor') });
      expect(plan.data?.createPlan.events[0].actor).toEqual({
        id: 'oidc:dev-editor',
        displayName: 'Dev Editor',
        role: 'editor',
        council: '885',
      });
      // Every role but admin reads the council's records (admin manages access; reading is not part of it).
      for (const role of ROLES.filter((role) => role !== 'admin')) {
        const answer = await graphql(api, TIMELINE, { laCode: '885' }, { token: token(role) });
        expect({ role, errors: answer.errors }).toEqual({ role, errors: undefined });
      }

      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
      expect(cli.output().stdout).toMatch(/dev-issuer stopped\n$/);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
