/**
 * `npx tsx bench/edge.bench.ts [--seconds 3] [--rounds 6] [--concurrency 16]`
 * What authentication and the edge cost a typical read: requests a second of one `plan` query on the demo data,
 * against the service with both on (an API token of a viewer of the council checked on every request: its hash in the
 * vault, its grants from the access stream, the role for the council; then headers, origin and transport checks,
 * body, query, time and rate limits per principal) and with them off (the edge left out, the local user without a
 * token), in one run. Each service runs in its own process (this one only sends requests); rounds alternate which goes first,
 * so drift (CPU frequency, the page cache, the other service's garbage) falls on both alike. Prints each round, the
 * totals and the ratio on/off, then one JSON line. The rate limit is set too high to refuse anything, so its
 * bookkeeping is measured but nothing is throttled.
 *
 * Nest needs decorator metadata, which tsx (esbuild) does not emit, so the services run the compiled build:
 * `npm run build` first runs here when dist/ is older than the sources.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist/apps/api/src');

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '6' },
    concurrency: { type: 'string', default: '16' },
    serve: { type: 'string' },
  },
});

const PLAN_QUERY = `{
  plan(id: "worcestershire-2017-10") {
    cut { knownAt headPosition }
    plan {
      planId title status
      priorities { priorityId title status latestGrade { grade gradedBy } }
      actions { actionId priorityId title owner due status overdue }
      latestPlanGrade { grade }
    }
  }
}`;

type Side = 'on' | 'off';

if (values.serve) await serve(values.serve === 'on');
else await main();

/** Child: one service on the demo data, its port on stdout, until its parent goes. */
async function serve(edge: boolean): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-edge-bench-'));
  const { loadLedgerConfig } = (await import(
    pathToFileURL(join(built, 'config/ledger-config.js')).href
  )) as typeof import('../apps/api/src/config/ledger-config');
  const { createApp } = (await import(pathToFileURL(join(built, 'create-app.js')).href)) as typeof import('../apps/api/src/create-app');
  const config = loadLedgerConfig({
    LEDGER_DATA_DIR: dataDir,
    LEDGER_SEED_DEMO: 'true',
    LEDGER_GRAPHIQL: 'false',
    LEDGER_LOCAL_USER: 'bench',
    LEDGER_RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const app = await createApp(config, { logger: false, edge });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // With the edge on, requests carry a viewer's API token for Worcestershire, granted here by the local user.
  let token: string | undefined;
  if (edge) {
    const granted = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { grantAccess(input: { displayName: "Bench viewer", role: "viewer", councils: ["885"] }) { token } }',
      }),
    });
    token = ((await granted.json()) as { data: { grantAccess: { token: string } } }).data.grantAccess.token;
  }
  process.stdout.write(`${JSON.stringify({ port, token })}\n`);
  const stop = async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    // Nothing else holds the event loop once stdin has ended and the app is closed, so the process ends here.
    process.exitCode = 0;
  };
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

async function main(): Promise<void> {
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const concurrency = Number(values.concurrency);
  buildIfStale();
  const children: ChildProcess[] = [];
  try {
    const ports = {} as Record<Side, number>;
    const tokens = {} as Record<Side, string | undefined>;
    const pids = {} as Record<Side, number>;
    for (const side of ['on', 'off'] as const) {
      const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve', side], {
        cwd: root,
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      children.push(child);
      ({ port: ports[side], token: tokens[side] } = await portOf(child));
      pids[side] = child.pid!;
    }
    const clients = (side: Side) => ({ port: ports[side], agent: agents[side], token: tokens[side] });
    const agents: Record<Side, Agent> = {
      on: new Agent({ keepAlive: true, maxSockets: concurrency }),
      off: new Agent({ keepAlive: true, maxSockets: concurrency }),
    };
    const body = JSON.stringify({ query: PLAN_QUERY });
    // Warm up both (JIT, Mercurius's query cache, SQLite's pages) before anything is counted.
    for (const side of ['on', 'off'] as const) await load(clients(side), body, concurrency, 1.5);

    const totals: Record<Side, { requests: number; seconds: number; cpuMs: number }> = {
      on: { requests: 0, seconds: 0, cpuMs: 0 },
      off: { requests: 0, seconds: 0, cpuMs: 0 },
    };
    const pairRatios: number[] = [];
    console.log(`plan query on the demo data, ${concurrency} concurrent requests, ${rounds} rounds of ${seconds} s a side`);
    for (let round = 0; round < rounds; round++) {
      const order: Side[] = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
      const rates = {} as Record<Side, number>;
      const line: string[] = [];
      for (const side of order) {
        const cpuBefore = cpuMsOf(pids[side]);
        const result = await load(clients(side), body, concurrency, seconds);
        totals[side].requests += result.requests;
        totals[side].seconds += result.seconds;
        totals[side].cpuMs += cpuMsOf(pids[side]) - cpuBefore;
        rates[side] = result.requests / result.seconds;
        line.push(`${side} ${rates[side].toFixed(0)} req/s`);
      }
      pairRatios.push(rates.on / rates.off);
      console.log(`round ${round + 1}: ${line.join(', ')}, ratio ${(rates.on / rates.off).toFixed(3)}`);
    }
    const rate = (side: Side) => totals[side].requests / totals[side].seconds;
    const cpuPerRequest = (side: Side) => (totals[side].cpuMs * 1000) / totals[side].requests;
    const ratio = rate('on') / rate('off');
    const medianRatio = [...pairRatios].sort((a, b) => a - b)[Math.floor(pairRatios.length / 2)];
    // The service's own CPU per request, read from /proc: unlike wall-clock rates it does not move when something
    // else on the machine takes a core for a while.
    const cpuRatio = cpuPerRequest('off') / cpuPerRequest('on');
    console.log(
      `authentication and edge on ${rate('on').toFixed(0)} req/s, off ${rate('off').toFixed(0)} req/s: ratio ${ratio.toFixed(3)} (goal >= 0.9)`,
    );
    console.log(`median of the rounds' ratios ${medianRatio.toFixed(3)}`);
    if (Number.isFinite(cpuRatio)) {
      console.log(
        `service CPU a request: on ${cpuPerRequest('on').toFixed(0)} µs, off ${cpuPerRequest('off').toFixed(0)} µs: ratio ${cpuRatio.toFixed(3)}`,
      );
    }
    console.log(
      JSON.stringify({
        bench: 'edge',
        query: 'plan',
        concurrency,
        rounds,
        seconds,
        on: rate('on'),
        off: rate('off'),
        ratio,
        medianRatio,
        cpuRatio,
      }),
    );
    agents.on.destroy();
    agents.off.destroy();
  } finally {
    for (const child of children) child.stdin?.end();
  }
}

/** As many requests as `concurrency` clients complete in `seconds`; every answer must be a 200 with data. */
async function load(target: { port: number; agent: Agent; token?: string }, body: string, concurrency: number, seconds: number) {
  const started = performance.now();
  const until = started + seconds * 1000;
  let requests = 0;
  const client = async () => {
    while (performance.now() < until) {
      const answer = await post(target, body);
      if (answer.status !== 200 || !answer.text.startsWith('{"data":{"plan":')) {
        throw new Error(`the service answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      }
      requests++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return { requests, seconds: (performance.now() - started) / 1000 };
}

function post(target: { port: number; agent: Agent; token?: string }, body: string): Promise<{ status: number; text: string }> {
  const headers = { 'content-type': 'application/json', ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) };
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port: target.port, path: '/graphql', method: 'POST', agent: target.agent, headers },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(parts).toString() }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** User plus system CPU time of a process in ms (Linux's /proc; NaN elsewhere). */
function cpuMsOf(pid: number): number {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th, in clock ticks (100 a second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function portOf(child: ChildProcess): Promise<{ port: number; token?: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{"port":'));
      if (line) resolve(JSON.parse(line) as { port: number; token?: string });
    });
    child.on('exit', (code) => reject(new Error(`a service exited (${code}) before listening:\n${output}`)));
  });
}

/** The newest modification time of the sources the service is built from. */
function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = entry.name === 'test' ? newest : Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfStale(): void {
  let builtAt: number;
  try {
    builtAt = statSync(join(built, 'create-app.js')).mtimeMs;
  } catch {
    builtAt = 0;
  }
  const sources = Math.max(newestSource(join(root, 'apps/api/src')), newestSource(join(root, 'libs')));
  if (builtAt >= sources) return;
  console.log('building the service (npm run build), as dist/ is older than the sources...');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}
