import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { grantToken } from './support/access';
import { graphql } from './support/graphql';
import { startOidcIssuer, type OidcIssuer } from './support/oidc-issuer';
import { startApp, type RunningApp } from './support/running-app';

/** The parts of the `ws` package's client the tests use (it is installed, as Mercurius' own WebSocket, without types). */
interface Socket {
  send(data: string): void;
  close(): void;
  on(event: 'open', listener: () => void): this;
  on(event: 'message', listener: (data: Buffer) => void): this;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'unexpected-response', listener: (request: unknown, response: IncomingMessage) => void): this;
}
type SocketConstructor = new (url: string, protocols: string[], options: { headers?: Record<string, string> }) => Socket;
const WebSocketClient: SocketConstructor = createRequire(import.meta.url)('ws');

interface Message {
  type: string;
  id?: string;
  payload?: {
    data?: Record<string, Change>;
    errors?: { message: string; extensions?: { code?: string } }[];
    message?: string;
  } & { message?: string; extensions?: { code?: string } }[];
}

interface Change {
  laCode: string;
  councils: string[];
  planId: string | null;
  streamId: string;
  type: string;
  revision: string;
  position: string;
  recordedAt: string;
}

/** graphql-transport-ws is what graphql-ws' client speaks; graphql-ws the older subscriptions-transport-ws one. */
type Protocol = 'graphql-transport-ws' | 'graphql-ws';

const CHANGE = 'laCode councils planId streamId type revision position recordedAt';

/**
 * A graphql-transport-ws client (the protocol graphql-ws' client speaks), written out so that each message the service
 * sends can be asserted on, refusals included.
 */
class SubscriptionClient {
  private readonly messages: Message[] = [];
  private readonly waiters = new Set<() => void>();
  closed: { code: number; reason: string } | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly protocol: Protocol,
  ) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as Message);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  /** Opens the socket and sends connection_init; resolves once acknowledged, else rejects saying how it was refused. */
  static open(
    baseUrl: string,
    options: { headers?: Record<string, string>; payload?: Record<string, unknown>; protocol?: Protocol } = {},
  ): Promise<SubscriptionClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocketClient(`${baseUrl.replace(/^http/, 'ws')}/graphql`, [options.protocol ?? 'graphql-transport-ws'], {
        headers: options.headers,
      });
      socket.on('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: HTTP ${response.statusCode}`)));
      socket.on('error', (error) => reject(error));
      socket.on('open', () => {
        const client = new SubscriptionClient(socket, options.protocol ?? 'graphql-transport-ws');
        socket.send(JSON.stringify({ type: 'connection_init', payload: options.payload ?? {} }));
        client
          .next((message) => message.type !== 'ka' && message.type !== 'ping', 5000)
          .then((first) => {
            if (first?.type === 'connection_ack') resolve(client);
            else reject(new Error(`connection refused: ${JSON.stringify(first ?? client.closed)}`));
          }, reject);
      });
    });
  }

  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): void {
    const type = this.protocol === 'graphql-ws' ? 'start' : 'subscribe';
    this.socket.send(JSON.stringify({ id, type, payload: { query, variables } }));
  }

  /** The next message for subscription `id` (next, error or complete), or undefined if none comes within `ms`. */
  forId(id: string, ms = 5000): Promise<Message | undefined> {
    return this.next((message) => message.id === id, ms);
  }

  close(): void {
    this.socket.close();
  }

  private async next(matching: (message: Message) => boolean, ms: number): Promise<Message | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.messages.findIndex(matching);
      if (index >= 0) return this.messages.splice(index, 1)[0];
      if (this.closed || Date.now() >= deadline) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, deadline - Date.now());
        this.waiters.add(done);
        function done() {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
  }
}

/** The service reads a subscribe message on its own time: give it that before recording what it should see. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

const GRADE = 'mutation ($input: GradeProgressInput!) { gradeProgress(input: $input) { revision } }';
const VISIT = 'mutation ($input: LogMonitoringVisitInput!) { logMonitoringVisit(input: $input) { revision } }';

let graded = 0;
async function gradeWorcestershire(baseUrl: string): Promise<void> {
  graded += 1;
  const answer = await graphql(baseUrl, GRADE, {
    input: {
      planId: 'worcestershire-2017-06',
      target: 'priority',
      targetId: 'family-front-door',
      grade: ['red', 'amber', 'green'][graded % 3],
      gradedBy: 'board',
      occurredAt: { from: '2017-11', precision: 'month' },
      commandId: `subscriptions-grade-${graded}`,
    },
  });
  if (answer.errors) throw new Error(`gradeProgress failed: ${answer.raw}`);
}

let visits = 0;
async function visitWirral(baseUrl: string): Promise<void> {
  visits += 1;
  const answer = await graphql(baseUrl, VISIT, {
    input: {
      laCode: '344',
      visitId: `wirral-subscriptions-${visits}`,
      number: 20 + visits,
      follows: 'wirral-sif-2016',
      fieldwork: { start: '2019-01-08', end: '2019-01-09' },
      letterDate: '2019-02-01',
      inspectors: [{ name: 'Sheena Doyle', lead: true }],
      areasCovered: ['thresholds'],
      occurredAt: { from: '2019-01-08', to: '2019-01-09', precision: 'day', label: '8 and 9 January 2019' },
    },
  });
  if (answer.errors) throw new Error(`logMonitoringVisit failed: ${answer.raw}`);
}

describe('GraphQL subscriptions over WebSocket (graphql-transport-ws, local mode)', () => {
  let running: RunningApp;
  const clients: SubscriptionClient[] = [];
  const open = async (options?: Parameters<typeof SubscriptionClient.open>[1]) => {
    const client = await SubscriptionClient.open(running.baseUrl, options);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
  }, 120_000);
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => running?.stop());

  it('tells the local user of a grade on a plan and of a visit, with the log position, and only what each field asks for', async () => {
    const client = await open();
    client.subscribe('plans', `subscription { planChanged(laCode: "885") { ${CHANGE} } }`);
    client.subscribe('visits', `subscription { visitRecorded { ${CHANGE} } }`);
    client.subscribe('inspections', `subscription { inspectionRecorded { ${CHANGE} } }`);
    await settle();

    await gradeWorcestershire(running.baseUrl);
    const plan = await client.forId('plans');
    expect(plan?.type).toBe('next');
    const change = plan!.payload!.data!.planChanged;
    expect(change).toMatchObject({
      laCode: '885',
      councils: ['885'],
      planId: 'worcestershire-2017-06',
      streamId: 'plan-worcestershire-2017-06',
    });
    expect(change.type).toMatch(/Grade/);
    expect(BigInt(change.position)).toBeGreaterThan(0n);
    expect(Date.parse(change.recordedAt)).not.toBeNaN();

    await visitWirral(running.baseUrl);
    const visit = await client.forId('visits');
    expect(visit?.payload?.data?.visitRecorded).toMatchObject({
      laCode: '344',
      planId: null,
      streamId: 'authority-344',
      type: 'MonitoringVisitLogged',
    });
    expect(BigInt(visit!.payload!.data!.visitRecorded.position)).toBeGreaterThan(BigInt(change.position));
    // Neither a council's visit reaches a plan subscription, nor a visit an inspection one.
    expect(await client.forId('plans', 500)).toBeUndefined();
    expect(await client.forId('inspections', 200)).toBeUndefined();
  });

  it("a viewer of 885 is told of 885's changes and never of 344's, with its token in connectionParams or on the upgrade", async () => {
    const viewer = await grantToken(running.baseUrl, 'viewer', ['885']);
    const byParams = await open({ payload: { authorization: `Bearer ${viewer.token}` } });
    const byHeader = await open({ headers: { authorization: `Bearer ${viewer.token}` } });
    const local = await open();
    for (const client of [byParams, byHeader]) {
      client.subscribe('councils', `subscription { councilChanged { ${CHANGE} } }`);
      client.subscribe('plans', `subscription { planChanged { ${CHANGE} } }`);
      client.subscribe('visits', `subscription { visitRecorded { ${CHANGE} } }`);
    }
    local.subscribe('visits', `subscription { visitRecorded { ${CHANGE} } }`);
    await settle();

    await visitWirral(running.baseUrl);
    await gradeWorcestershire(running.baseUrl);
    // The local user reads every council: its visit arrives, so the viewers' silence below is not a slow feed.
    expect((await local.forId('visits'))?.payload?.data?.visitRecorded.laCode).toBe('344');
    for (const client of [byParams, byHeader]) {
      expect((await client.forId('plans'))?.payload?.data?.planChanged).toMatchObject({ laCode: '885', councils: ['885'] });
      expect(await client.forId('visits', 300)).toBeUndefined();
      expect(await client.forId('councils', 300)).toBeUndefined();
    }

    // Naming a council it may not read is refused outright, as a query naming it is.
    byParams.subscribe('forbidden', 'subscription { councilChanged(laCode: "344") { laCode } }');
    const refused = await byParams.forId('forbidden');
    expect(refused?.type).toBe('error');
    expect(refused?.payload?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('stops telling a subscriber whose grant is revoked while it listens, as its queries would stop', async () => {
    const viewer = await grantToken(running.baseUrl, 'viewer', ['885']);
    const client = await open({ payload: { authorization: `Bearer ${viewer.token}` } });
    client.subscribe('plans', `subscription { planChanged(planId: "worcestershire-2017-06") { ${CHANGE} } }`);
    await settle();
    await gradeWorcestershire(running.baseUrl);
    expect((await client.forId('plans'))?.type).toBe('next');

    const revoked = await graphql(running.baseUrl, 'mutation ($id: String!) { revokeAccess(input: { grantId: $id }) { grantId } }', {
      id: viewer.grantId,
    });
    expect(revoked.errors).toBeUndefined();
    await gradeWorcestershire(running.baseUrl);
    expect(await client.forId('plans', 500)).toBeUndefined();
  });

  it('refuses a token that does not check out in connectionParams, and a subscription the schema or the edge would refuse', async () => {
    await expect(open({ payload: { authorization: 'Bearer plt_notatoken' } })).rejects.toThrow(/connection refused.*Forbidden/);
    await expect(open({ payload: { authorization: '' } })).rejects.toThrow(/connection refused/);

    const client = await open();
    client.subscribe('unknown', 'subscription { councilChanged { noSuchField } }');
    const unknown = await client.forId('unknown');
    expect(unknown?.type).toBe('error');
    expect(JSON.stringify(unknown?.payload)).toMatch(/noSuchField/);

    // The edge's limits hold on WebSocket too: more aliases than LEDGER_MAX_QUERY_ALIASES allows.
    const aliases = Array.from({ length: 200 }, (_, n) => `a${n}: laCode`).join(' ');
    client.subscribe('aliases', `subscription { councilChanged { ${aliases} } }`);
    const tooMany = await client.forId('aliases');
    expect(tooMany?.type).toBe('error');
    expect(tooMany?.payload?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', rule: 'QUERY_TOO_COMPLEX', limit: 'aliases' } });
  });

  it('answers a subscription sent over HTTP with an error, not a stream', async () => {
    const answer = await graphql(running.baseUrl, 'subscription { councilChanged { laCode } }');
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'subscription' }] });
  });

  it('speaks the older graphql-ws subprotocol too', async () => {
    const client = await open({ protocol: 'graphql-ws' });
    client.subscribe('councils', `subscription { councilChanged(laCode: "344") { laCode type } }`);
    await settle();
    await visitWirral(running.baseUrl);
    const message = await client.forId('councils');
    expect(message).toMatchObject({
      type: 'data',
      payload: { data: { councilChanged: { laCode: '344', type: 'MonitoringVisitLogged' } } },
    });
  });

  it('holds one principal to 20 live subscriptions', async () => {
    await settle(); // the earlier tests' connections, closed, have left the feed
    const client = await open();
    for (let n = 0; n < 20; n++) client.subscribe(`s${n}`, 'subscription { councilChanged { laCode } }');
    await settle();
    client.subscribe('one-too-many', 'subscription { councilChanged { laCode } }');
    const refused = await client.forId('one-too-many');
    expect(refused?.type).toBe('error');
    expect(refused?.payload?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } });
    // Ending one frees its place.
    client.close();
    await settle();
    const again = await open();
    again.subscribe('fresh', 'subscription { councilChanged { laCode } }');
    await settle();
    await visitWirral(running.baseUrl);
    expect((await again.forId('fresh'))?.payload?.data?.councilChanged.laCode).toBe('344');
  });
});

describe('GraphQL subscriptions with an identity provider', () => {
  let issuer: OidcIssuer;
  let running: RunningApp;

  beforeAll(async () => {
    issuer = await startOidcIssuer();
    running = await startApp({
      env: { LEDGER_OIDC_ISSUER: issuer.issuer, LEDGER_OIDC_AUDIENCE: issuer.audience, LEDGER_BOOTSTRAP_ADMIN: 'oidc:sub-admin' },
    });
  });
  afterAll(async () => {
    await running?.stop();
    await issuer?.stop();
  });

  const REGISTER = 'mutation ($input: RegisterAuthorityInput!) { registerAuthority(input: $input) { revision } }';
  const GRANT = 'mutation ($input: GrantAccessInput!) { grantAccess(input: $input) { grantId } }';

  it('refuses an anonymous connection, even one whose token is only in connectionParams', async () => {
    await expect(SubscriptionClient.open(running.baseUrl)).rejects.toThrow(/upgrade refused: HTTP 401/);
    await expect(SubscriptionClient.open(running.baseUrl, { headers: { authorization: 'Bearer not.a.jwt' } })).rejects.toThrow(
      /upgrade refused: HTTP 401/,
    );
    // The upgrade is an HTTP request to /graphql, refused like any other without credentials before a socket opens.
    const token = await issuer.sign({ sub: 'sub-admin', name: 'Ada Admin' });
    await expect(SubscriptionClient.open(running.baseUrl, { payload: { authorization: `Bearer ${token}` } })).rejects.toThrow(
      /upgrade refused: HTTP 401/,
    );
  });

  it("tells a viewer of 885, signed in with the provider's token, of 885's changes and not of 886's", async () => {
    const admin = await issuer.sign({ sub: 'sub-admin', name: 'Ada Admin' });
    const granted = await graphql(
      running.baseUrl,
      GRANT,
      { input: { subject: 'oidc:viewer-885', displayName: 'Vera Viewer', role: 'viewer', councils: ['885'] } },
      { token: admin },
    );
    expect(granted.errors).toBeUndefined();
    const viewer = await issuer.sign({ sub: 'viewer-885', name: 'Vera Viewer' });
    const client = await SubscriptionClient.open(running.baseUrl, { headers: { authorization: `Bearer ${viewer}` } });
    try {
      client.subscribe('councils', 'subscription { councilChanged { laCode type } }');
      await settle();
      for (const input of [
        { laCode: '886', name: 'Kent', region: 'South East', onsCode: 'E10000016', occurredAt: { from: '2016-10', precision: 'month' } },
        {
          laCode: '885',
          name: 'Worcestershire',
          region: 'West Midlands',
          onsCode: 'E10000034',
          occurredAt: { from: '2016-10', precision: 'month' },
        },
      ]) {
        const registered = await graphql(running.baseUrl, REGISTER, { input }, { token: admin });
        expect(registered.errors).toBeUndefined();
      }
      // 886 was recorded first: had it been sent, it would be the first message.
      expect((await client.forId('councils'))?.payload?.data?.councilChanged).toEqual({ laCode: '885', type: 'AuthorityRegistered' });
    } finally {
      client.close();
    }
  });
});
