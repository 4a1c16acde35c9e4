import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@plan-ledger/event-store';
import { loadLedgerConfig } from '../apps/api/src/config/ledger-config';
import { createApp } from '../apps/api/src/create-app';
import { EVENT_STORE } from '../apps/api/src/event-store/event-store.tokens';
import { FOCUSED_VISIT_LETTER } from '../libs/ofsted-import/test/sample-documents';
import { registerWorcestershire } from './support/council';
import { grantToken } from './support/access';
import { graphql, type GraphqlError } from './support/graphql';
import { startApp, type RunningApp } from './support/running-app';

/**
 * The edge of the service, attacked as it was: over HTTP, against the real app. Nothing here measures time: every
 * refusal is asserted by its status and rule, and what was recorded by the head of the log.
 */

const REGISTER = `mutation { registerAuthority(input: { laCode: "885", name: "Worcestershire", region: "West Midlands", onsCode: "E10000034", occurredAt: { from: "2016-10", precision: "month" } }) { revision } }`;
const PREVIEW = 'mutation ($input: PreviewImportInput!) { previewImport(input: $input) { previewId documentType } }';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request with full control of its headers and body, which fetch does not give (Host, chunked, unfinished). */
function send(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; chunks?: (string | Buffer)[]; finish?: boolean },
): { answer: Promise<Answer>; abort: () => void } {
  const request = httpRequest(`${baseUrl}${path}`, { method: options.method ?? 'POST', headers: options.headers });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on('response', (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(parts).toString() }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
  for (const chunk of options.chunks ?? []) request.write(chunk);
  if (options.finish !== false) request.end();
  return { answer, abort: () => request.destroy() };
}

const post = (baseUrl: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body });

async function headPosition(running: RunningApp): Promise<string> {
  return ((await (await fetch(`${running.baseUrl}/health`)).json()) as { headPosition: string }).headPosition;
}

function aliases(count: number, field: string): string {
  return Array.from({ length: count }, (_, i) => ` a${i}: ${field}`).join('');
}

function limitOf(errors: GraphqlError[] | undefined): unknown {
  expect(errors).toHaveLength(1);
  return errors![0].extensions;
}

describe('secure by default', () => {
  it('with an identity provider configured, serves nobody anonymously, from this machine either', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-edge-'));
    const config = loadLedgerConfig({
      HOST: '0.0.0.0',
      LEDGER_OIDC_ISSUER: 'https://login.example.gov.uk/realms/ledger',
      LEDGER_OIDC_AUDIENCE: 'plan-ledger',
      LEDGER_DATA_DIR: dataDir,
      LEDGER_SEED_DEMO: 'false',
    });
    const app = await createApp(config, { logger: false });
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const answer = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          query: 'mutation { registerAuthority(input: { laCode: "885", name: "Worcestershire", region: "WM" }) { streamId } }',
        }),
      });
      expect(answer.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      const health = await app.inject({ method: 'GET', url: '/health' });
      expect(health.json()).toEqual({ status: 'ok' });
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('in local mode, a request relayed by a proxy, or from another machine, is nobody: only this machine is the local user', async () => {
    const running = await startApp();
    try {
      const register = JSON.stringify({
        query: 'mutation { registerAuthority(input: { laCode: "885", name: "Worcestershire", region: "WM" }) { streamId } }',
      });
      const headers = { 'content-type': 'application/json' };
      for (const relayed of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { 'x-real-ip': '203.0.113.9' }]) {
        const answer = await running.app.inject({
          method: 'POST',
          url: '/graphql',
          headers: { ...headers, ...relayed },
          payload: register,
        });
        expect(answer.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      const remote = await running.app.inject({ method: 'POST', url: '/graphql', headers, payload: register, remoteAddress: '10.0.0.5' });
      expect(remote.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      const history = await graphql<{ history: { totalCount: number } | null }>(
        running.baseUrl,
        '{ history(streamId: "authority-885") { totalCount } }',
      );
      expect(history.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    } finally {
      await running.stop();
    }
  });

  it('records every event as the named local user, with a role saying no identity provider vouched for them', async () => {
    const running = await startApp({ env: { LEDGER_LOCAL_USER: 'ada.lovelace' } });
    try {
      await registerWorcestershire(running.baseUrl);
      const history = await graphql<{ history: { edges: { node: { actorId: string; actorRole: string } }[] } }>(
        running.baseUrl,
        '{ history(streamId: "authority-885") { edges { node { actorId actorRole } } } }',
      );
      expect(history.data?.history.edges.map((edge) => edge.node)).toEqual([
        { actorId: 'local:ada.lovelace', actorRole: 'admin (local user, no identity provider)' },
      ]);
    } finally {
      await running.stop();
    }
  });
});

describe('cross-site requests and transport', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_ALLOWED_ORIGINS: 'https://dash.example.gov.uk' } });
  });
  afterAll(() => running.stop());

  it('refuses, before anything runs, every way a page on another site could send registerAuthority', async () => {
    const evil = 'https://evil.example';
    const answers = await Promise.all([
      // The attack as found: an HTML form posting to the service.
      post(running.baseUrl, new URLSearchParams({ query: REGISTER }).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        origin: evil,
      }),
      // The same forms without an Origin (an old browser, or a test of the content type alone).
      post(running.baseUrl, new URLSearchParams({ query: REGISTER }).toString(), { 'content-type': 'application/x-www-form-urlencoded' }),
      post(running.baseUrl, JSON.stringify({ query: REGISTER }), { 'content-type': 'text/plain' }),
      post(running.baseUrl, JSON.stringify({ query: REGISTER }), { 'content-type': 'text/plain;charset=UTF-8', origin: evil }),
      post(running.baseUrl, REGISTER, { 'content-type': 'application/graphql' }),
      post(running.baseUrl, JSON.stringify({ query: REGISTER }), { 'content-type': 'multipart/form-data; boundary=x' }),
      post(running.baseUrl, JSON.stringify({ query: REGISTER }), {}),
      // JSON needs a preflight, which is never granted; and a page's fetch names its origin anyway.
      post(running.baseUrl, JSON.stringify({ query: REGISTER }), { 'content-type': 'application/json', origin: evil }),
      post(running.baseUrl, JSON.stringify({ query: REGISTER }), { 'content-type': 'application/json', origin: 'null' }),
      // Same host, other port: another origin.
      post(running.baseUrl, JSON.stringify({ query: REGISTER }), {
        'content-type': 'application/json',
        origin: running.baseUrl.replace(/:\d+$/, ':1'),
      }),
      fetch(`${running.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: evil } }),
      // What a <script> or <img> on another site sends: no Origin, but the browser's fetch metadata.
      fetch(`${running.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'sec-fetch-site': 'cross-site' } }),
      post(running.baseUrl, JSON.stringify({ query: REGISTER }), { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' }),
    ]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toEqual([403, 415, 415, 403, 415, 415, 415, 403, 403, 403, 403, 403, 403]);
    for (const answer of answers) {
      const body = (await answer.json()) as { code: string; message: string; errors: GraphqlError[] };
      expect(body.code).toMatch(/^(FORBIDDEN|UNSUPPORTED_MEDIA_TYPE)$/);
      expect(body.message).toMatch(/origin|Sec-Fetch-Site|content-type application\/json/);
      expect(body.errors[0].message).toBe(body.message);
    }
    expect(await headPosition(running)).toBe('0');
  });

  it('refuses a mutation sent as GET, and a page on another name that resolves to this machine (DNS rebinding)', async () => {
    const get = await graphql(running.baseUrl, '{ __typename }'); // a control: the service answers
    expect(get.data).toEqual({ __typename: 'Query' });
    const viaGet = await fetch(`${running.baseUrl}/graphql?query=${encodeURIComponent(REGISTER)}`);
    const viaGetBody = (await viaGet.json()) as { data: unknown; errors: GraphqlError[] };
    expect(viaGetBody.data).toBeNull();
    expect(viaGetBody.errors[0].message).toMatch(/cannot be performed via a GET request/);

    const port = new URL(running.baseUrl).port;
    const rebound = await send(running.baseUrl, '/graphql', {
      headers: { host: `evil.example:${port}`, origin: `http://evil.example:${port}`, 'content-type': 'application/json' },
      chunks: [JSON.stringify({ query: REGISTER })],
    }).answer;
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).message).toMatch(/^requests for the host evil\.example:\d+ are refused: in local mode/);
    expect(await headPosition(running)).toBe('0');
  });

  it('serves its own pages, servers and tools that send no Origin, and the origins it is told to trust', async () => {
    const own = await post(running.baseUrl, JSON.stringify({ query: '{ __typename }' }), {
      'content-type': 'application/json; charset=utf-8',
      origin: running.baseUrl,
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(200);
    const trusted = await post(running.baseUrl, JSON.stringify({ query: '{ __typename }' }), {
      'content-type': 'application/json',
      origin: 'https://dash.example.gov.uk',
      'sec-fetch-site': 'cross-site',
    });
    expect(trusted.status).toBe(200);
    const localhost = await send(running.baseUrl, '/graphql', {
      headers: { host: `localhost:${new URL(running.baseUrl).port}`, 'content-type': 'application/json' },
      chunks: [JSON.stringify({ query: REGISTER })],
    }).answer;
    expect(localhost.status).toBe(200);
    expect(JSON.parse(localhost.body)).toEqual({ data: { registerAuthority: { revision: '0' } } });
    expect(await headPosition(running)).toBe('1');
  });

  it('refuses batched queries: one operation a request, each under the limits', async () => {
    const batch = await post(running.baseUrl, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(batch.status).toBe(400);
    expect(await batch.json()).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'batched queries are refused: send one operation per request',
    });
  });

  it('sends security headers on every answer, and leaves GraphiQL its own policy', async () => {
    for (const answer of [
      await post(running.baseUrl, JSON.stringify({ query: '{ __typename }' })),
      await fetch(`${running.baseUrl}/health`),
    ]) {
      expect(answer.headers.get('content-security-policy')).toBe(
        "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
      );
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(answer.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const graphiql = await startApp({ env: { LEDGER_GRAPHIQL: 'true' } });
    try {
      const page = await fetch(`${graphiql.baseUrl}/graphiql`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await graphiql.stop();
    }
  });
});

describe('query limits, before any resolver runs', () => {
  let running: RunningApp;
  let generousAliases: RunningApp;
  let rssBefore: number;

  beforeAll(async () => {
    rssBefore = process.memoryUsage().rss;
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
    // Aliases allowed well past the default, so that the cost limit alone is seen refusing a flood.
    generousAliases = await startApp({ env: { LEDGER_MAX_QUERY_ALIASES: '100' } });
  });
  afterAll(async () => {
    await running.stop();
    await generousAliases.stop();
  });

  it('refuses the 37 KB flood of a thousand aliased authorityReports (it once held the event loop for two minutes)', async () => {
    const flood = `{${aliases(1000, 'authorityReport(laCode: "885")')} }`;
    expect(flood.length).toBeGreaterThan(36_000);
    const answer = await graphql(running.baseUrl, flood);
    expect(answer.status).toBe(200);
    expect(limitOf(answer.errors)).toEqual({ code: 'BAD_USER_INPUT', rule: 'QUERY_TOO_COMPLEX', limit: 'aliases', max: 30 });
    expect(answer.errors![0].message).toBe(
      'query aliases 1,000 is over the limit of 30 (LEDGER_MAX_QUERY_ALIASES): send several requests instead of repeating a field under aliases',
    );
  });

  it('refuses 50 aliased authorityReports by their cost alone, and answers a few', async () => {
    const fifty = await graphql(generousAliases.baseUrl, `{${aliases(50, 'authorityReport(laCode: "885")')} }`);
    expect(limitOf(fifty.errors)).toMatchObject({ rule: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 10_000 });
    expect(fifty.errors![0].message).toMatch(/^query cost 40,050 is over the limit of 10,000 \(LEDGER_MAX_QUERY_COST\)/);
    const few = await graphql<Record<string, { laCode: string }>>(running.baseUrl, `{${aliases(3, 'authorityReport(laCode: "885")')} }`);
    expect(few.errors).toBeUndefined();
    expect(Object.values(few.data!).map((report) => report.laCode)).toEqual(['885', '885', '885']);
  });

  it('refuses ten thousand aliases of a small query, and a flood hidden in a fragment placed before its operation', async () => {
    const small = `{${aliases(10_000, 'authority(laCode: "885") { authority { name } }')} }`;
    expect(small.length).toBeLessThan(1024 * 1024);
    const tenThousand = await graphql(running.baseUrl, small);
    expect(limitOf(tenThousand.errors)).toEqual({ code: 'BAD_USER_INPUT', rule: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 10000 });
    const hidden = await graphql(
      running.baseUrl,
      `fragment F on Query {${aliases(200, 'timeline(laCode: "885") { cut { knownAt } }')} } { ...F }`,
    );
    expect(limitOf(hidden.errors)).toMatchObject({ limit: 'aliases' });
    const heavy = await graphql(
      generousAliases.baseUrl,
      `fragment F on Query {${aliases(40, 'timeline(laCode: "885") { cut { knownAt } }')} } query { ...F }`,
    );
    expect(limitOf(heavy.errors)).toMatchObject({ limit: 'cost' });
  });

  it('refuses a deep query', async () => {
    const deep = `{ ${'plan(id: "wcs") { plan { '.repeat(1)}${'priorities { corrections { '.repeat(6)}by${' }'.repeat(12)} } } }`;
    const answer = await graphql(running.baseUrl, deep);
    expect(limitOf(answer.errors)).toMatchObject({ rule: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 12 });
    expect(answer.errors![0].message).toMatch(/^query depth 15 is over the limit of 12 \(LEDGER_MAX_QUERY_DEPTH\)/);
  });

  it('refuses a 30 MB body (413) without reading it, and 5 MB bodies that are not a document after their first MiB', async () => {
    const huge = await post(running.baseUrl, Buffer.alloc(30 * 1024 * 1024, 'x'));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/LEDGER_BODY_LIMIT_BYTES/) });

    const fiveMb = () => JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(5 * 1024 * 1024) } });
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(running.baseUrl, fiveMb())));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(413));
    const health = await fetch(`${running.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', headPosition: '29' });
  });

  it('refuses a body sent in chunks, with no content-length, once it passes the limit', async () => {
    const chunk = Buffer.alloc(256 * 1024, ' ');
    const answer = await send(running.baseUrl, '/graphql', {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks: ['{"query":"{ __typename }","variables":{"padding":"', ...Array(8).fill(chunk), '"}}'],
    }).answer;
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).message).toMatch(/^the body is over 1 MiB \(LEDGER_BODY_LIMIT_BYTES\); only a previewImport/);
  });

  it('keeps the memory of the process bounded through all of the above', () => {
    // The app runs in this process. With the limits this suite adds about 175 MB (its own 30 MB and 5 MB bodies
    // included); with the query limits taken out, the 10,000 small aliases alone added 680 MB (and the flood of
    // authorityReports never finished). The growth is the bound: the process's total also holds whatever the suites
    // Jest ran earlier in this worker left behind (1.45 GB once on a fresh clone), which says nothing of these limits.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 * 1024 * 1024);
  });
});

describe('forged credentials', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_RATE_LIMIT_PER_MINUTE: '150' } });
  });
  afterAll(() => running.stop());

  it('refuses every forged token with 401 and the reason, counts failures against the address, and keeps serving the people it knows', async () => {
    const rssBefore = process.memoryUsage().rss;
    const real = await grantToken(running.baseUrl, 'viewer', ['885']);
    const [, id, secret] = /^plt_(.{16})_(.{43})$/.exec(real.token)!;
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const forgeries = [
      `Bearer plt_${id}_${flip(secret, 5)}`,
      `Bearer plt_${flip(id, 3)}_${secret}`,
      `Bearer plt_${id}_${secret.slice(1)}`,
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.',
      `Bearer ${'x'.repeat(8000)}`,
      `Basic ${Buffer.from('admin:admin').toString('base64')}`,
      'Bearer',
    ];
    const statuses = new Map<number, number>();
    const reasons = new Set<string>();
    const send = async (authorization: string) => {
      const answer = await fetch(`${running.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: '{ authorities(first: 5) { totalCount } }' }),
      });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const body = (await answer.json()) as { code: string; message: string };
      if (answer.status === 401) {
        expect(body.code).toBe('UNAUTHENTICATED');
        reasons.add(body.message);
      }
    };
    for (let round = 0; round < 30; round++) await Promise.all(forgeries.map(send));
    // 210 forged requests from one address: the first 150 in the minute are refused as forged, the rest as too many.
    expect(statuses.get(401)).toBe(150);
    expect(statuses.get(429)).toBe(60);
    expect([...reasons].sort()).toEqual(
      [
        'the API token is not in the form plt_<id>_<secret>',
        'the API token is not one this service issued',
        'the Authorization header must be "Bearer <token>"',
        'no identity provider is configured: only API tokens (plt_...) are accepted',
      ].sort(),
    );
    // The viewer's own allowance is theirs, not the address's: still served, still only their council.
    const own = await graphql<{ authorities: { totalCount: number } }>(
      running.baseUrl,
      '{ authorities(first: 5) { totalCount } }',
      {},
      { token: real.token },
    );
    expect(own.status).toBe(200);
    expect(own.data?.authorities.totalCount).toBe(0);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('documents larger than the body limit', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_CONCURRENT_UPLOADS: '1' } });
  });
  afterAll(() => running.stop());

  const bigLetter = () => `${FOCUSED_VISIT_LETTER}\n${' '.repeat(1200 * 1024)}\n`;

  it('takes a previewImport of more than 1 MiB, as the CLI sends it', async () => {
    const body = JSON.stringify({ query: PREVIEW, variables: { input: { fileName: 'letter.txt', text: bigLetter() } } });
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const answer = await post(running.baseUrl, body);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ data: { previewImport: { documentType: 'focused visit' } } });
  });

  it('does not let a second operation ride on an upload: two previews, or a repeated "query" key', async () => {
    const two = JSON.stringify({
      query:
        'mutation ($input: PreviewImportInput!) { a: previewImport(input: $input) { previewId } b: previewImport(input: $input) { previewId } }',
      variables: { input: { fileName: 'letter.txt', text: bigLetter() } },
    });
    expect((await post(running.baseUrl, two)).status).toBe(413);
    const smuggled = `{"query":${JSON.stringify(PREVIEW)},"variables":{"padding":"${'x'.repeat(1200 * 1024)}"},"query":${JSON.stringify(REGISTER)}}`;
    const answer = await post(running.baseUrl, smuggled);
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ message: expect.stringMatching(/is not a lone previewImport/) });
    expect(await headPosition(running)).toBe('0');
  });

  it('reads only LEDGER_CONCURRENT_UPLOADS documents at once, and frees the place when one ends', async () => {
    const body = Buffer.from(JSON.stringify({ query: PREVIEW, variables: { input: { fileName: 'letter.txt', text: bigLetter() } } }));
    // A slow client: past the first MiB (so it holds the one place), then nothing more.
    const held = send(running.baseUrl, '/graphql', {
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      chunks: [body.subarray(0, body.length - 100)],
      finish: false,
    });
    held.answer.catch(() => undefined);
    let refused: Response | undefined;
    // The held body reaches the service at its own pace; until it does, these are read like any other.
    for (let attempt = 0; attempt < 100 && !refused; attempt++) {
      const answer = await post(running.baseUrl, body);
      if (answer.status === 503) refused = answer;
      else expect(answer.status).toBe(200);
    }
    expect(refused?.headers.get('retry-after')).toBe('5');
    expect(await refused!.json()).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: expect.stringMatching(/LEDGER_CONCURRENT_UPLOADS/),
    });
    held.abort();
    let admitted = false;
    for (let attempt = 0; attempt < 100 && !admitted; attempt++) {
      const answer = await post(running.baseUrl, body);
      admitted = answer.status === 200;
      if (!admitted) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(admitted).toBe(true);
  });
});

describe('time and rate limits', () => {
  it('answers a request that does not complete with a clean error naming the limit, instead of hanging', async () => {
    const running = await startApp({ env: { LEDGER_REQUEST_TIMEOUT_MS: '300' } });
    try {
      const slow = send(running.baseUrl, '/graphql', {
        headers: { 'content-type': 'application/json', 'content-length': '1000' },
        chunks: ['{"query":'],
        finish: false,
      });
      const answer = await slow.answer;
      slow.abort();
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        message: expect.stringMatching(/^no answer within 0\.3 s \(LEDGER_REQUEST_TIMEOUT_MS\)/),
      });
    } finally {
      await running.stop();
    }
  });

  it('limits each client to LEDGER_RATE_LIMIT_PER_MINUTE requests, with a JSON error and Retry-After', async () => {
    const running = await startApp({ env: { LEDGER_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await graphql(running.baseUrl, '{ __typename }')).status);
      expect(statuses).toEqual([200, 200, 200]);
      const limited = await post(running.baseUrl, JSON.stringify({ query: '{ __typename }' }));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringMatching(/^more than 3 requests a minute from local:development-principal \(LEDGER_RATE_LIMIT_PER_MINUTE\)/),
        errors: [{ extensions: { code: 'TOO_MANY_REQUESTS' } }],
      });
      const health = await fetch(`${running.baseUrl}/health`);
      expect(health.status).toBe(429);
      // Limits are per person once known: a request from the same address that is not the local user's has its own
      // count (it is refused for having no credentials, not for the local user's rate).
      const other = await running.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', 'x-real-ip': 'none' },
        payload: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(other.statusCode).toBe(401);
      expect(health.headers.get('retry-after')).not.toBeNull();
      expect(await health.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    } finally {
      await running.stop();
    }
  });
});

describe('production', () => {
  const INTROSPECTION = '{ __schema { queryType { name } } }';

  it('turns introspection and GraphiQL off', async () => {
    const running = await startApp({ env: { NODE_ENV: 'production' } });
    try {
      const answer = await graphql(running.baseUrl, INTROSPECTION);
      expect(answer.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/introspection has been disabled/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect((await graphql(running.baseUrl, '{ __type(name: "Query") { name } }')).errors).toHaveLength(1);
      expect((await graphql(running.baseUrl, '{ __typename }')).data).toEqual({ __typename: 'Query' });
      expect((await fetch(`${running.baseUrl}/graphiql`)).status).toBe(404);
    } finally {
      await running.stop();
    }
  });

  it('turns them on when asked explicitly', async () => {
    const running = await startApp({ env: { NODE_ENV: 'production', LEDGER_INTROSPECTION: 'true', LEDGER_GRAPHIQL: 'true' } });
    try {
      expect((await graphql(running.baseUrl, INTROSPECTION)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await fetch(`${running.baseUrl}/graphiql`)).status).toBe(200);
    } finally {
      await running.stop();
    }
  });
});

describe('/health', () => {
  let running: RunningApp;

  beforeEach(async () => {
    running = await startApp();
  });
  afterEach(() => running.stop());

  it('tells admins and auditors where the store is; other roles and anyone unknown only whether it is up', async () => {
    const auditor = await grantToken(running.baseUrl, 'auditor');
    const viewer = await grantToken(running.baseUrl, 'viewer', ['885']);
    const as = async (token: string) =>
      (await (await fetch(`${running.baseUrl}/health`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<
        string,
        unknown
      >;
    expect(await as(auditor.token)).toMatchObject({ status: 'ok', store: { kind: 'sqlite' } });
    expect(await as(viewer.token)).toEqual({ status: 'ok' });
    const forged = await fetch(`${running.baseUrl}/health`, { headers: { authorization: `Bearer ${viewer.token}x` } });
    expect(forged.status).toBe(401);
  });

  it('tells a caller on this machine, in local mode, where the store is; anyone else only whether it is up', async () => {
    const local = (await (await fetch(`${running.baseUrl}/health`)).json()) as Record<string, unknown>;
    expect(local).toMatchObject({
      status: 'ok',
      store: { kind: 'sqlite', location: join(running.dataDir, 'ledger.db') },
      headPosition: '0',
    });
    const remote = await running.app.inject({ method: 'GET', url: '/health', remoteAddress: '10.0.0.5' });
    expect(remote.statusCode).toBe(200);
    expect(remote.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 to anyone when the store is unavailable, with the reason only for a caller on this machine', async () => {
    await running.app.get<EventStore>(EVENT_STORE).close();
    const remote = await running.app.inject({ method: 'GET', url: '/health', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(503);
    expect(remote.json()).toEqual({ status: 'unavailable' });
    const local = await fetch(`${running.baseUrl}/health`);
    expect(local.status).toBe(503);
    expect(await local.json()).toMatchObject({ status: 'unavailable', error: 'the event store is closed' });
  });
});
