/**
 * Load without a dependency: node:http with keep-alive connections (one per concurrent caller), timing each request
 * from send to the last byte of the answer. A GraphQL answer with `errors` counts as an error, not as a latency.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Answer {
  readonly status: number;
  readonly ms: number;
  readonly body: string;
}

export class Client {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface GraphqlRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

/** What went wrong with an answer, or undefined when it is a GraphQL answer with data and no errors. */
export function problemOf(answer: Answer): string | undefined {
  if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.body.slice(0, 300)}`;
  try {
    const parsed = JSON.parse(answer.body) as { errors?: { message: string }[]; data?: unknown };
    if (parsed.errors?.length)
      return parsed.errors
        .map((error) => error.message)
        .join('; ')
        .slice(0, 300);
    if (parsed.data === undefined || parsed.data === null) return 'no data';
    return undefined;
  } catch {
    return `not JSON: ${answer.body.slice(0, 100)}`;
  }
}

export interface Stats {
  readonly n: number;
  readonly errors: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** Median size of an answer, in bytes: what a latency that grows with the log may owe to a larger answer. */
  readonly bytes: number;
  readonly firstError?: string;
}

export interface ConcurrentStats extends Stats {
  readonly concurrency: number;
  readonly seconds: number;
  readonly rps: number;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

export function statsOf(latencies: number[], errors: number, firstError?: string, sizes: number[] = []): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const bySize = [...sizes].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
  return {
    n: sorted.length,
    errors,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(sorted.length ? sorted[sorted.length - 1] : NaN),
    bytes: bySize.length ? bySize[Math.floor(bySize.length / 2)] : 0,
    ...(firstError ? { firstError } : {}),
  };
}

/** One request after another: `maxRequests`, or until `maxMs` has passed (at least one request). */
export async function sequential(
  client: Client,
  next: (i: number) => GraphqlRequest,
  maxRequests: number,
  maxMs: number,
  stopOnFirstError = true,
): Promise<Stats> {
  const latencies: number[] = [];
  const sizes: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  for (let i = 0; i < maxRequests && (i === 0 || performance.now() - started < maxMs); i++) {
    const answer = await client.send('POST', '/graphql', next(i));
    const problem = problemOf(answer);
    if (problem) {
      errors++;
      firstError ??= problem;
      if (stopOnFirstError && i === 0) break;
    } else {
      latencies.push(answer.ms);
      sizes.push(Buffer.byteLength(answer.body));
    }
  }
  return statsOf(latencies, errors, firstError, sizes);
}

/** `concurrency` callers, each sending its next request as soon as the last is answered, for `seconds`. */
export async function concurrent(
  client: Client,
  next: (worker: number, i: number) => GraphqlRequest,
  concurrency: number,
  seconds: number,
): Promise<ConcurrentStats> {
  const latencies: number[] = [];
  const sizes: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let completed = 0;
  let lastEnd = started;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const answer = await client.send('POST', '/graphql', next(worker, i));
        lastEnd = performance.now();
        completed++;
        const problem = problemOf(answer);
        if (problem) {
          errors++;
          firstError ??= problem;
        } else {
          latencies.push(answer.ms);
          sizes.push(Buffer.byteLength(answer.body));
        }
      }
    }),
  );
  // Requests still running at the deadline are waited for: the rate is over the whole time they took.
  const elapsed = (lastEnd - started) / 1000;
  return {
    ...statsOf(latencies, errors, firstError),
    concurrency,
    seconds: round(elapsed),
    rps: Math.round((completed - errors) / elapsed),
  };
}

/**
 * /health polled every `everyMs` on a connection of its own while `heavy` runs (at least `minMs`, and until it has
 * answered at least once, at most `maxMs`): how long /health waits behind a query.
 */
export async function healthWhile(
  baseUrl: string,
  heavy: () => Promise<unknown>,
  options: { everyMs: number; minMs: number; maxMs: number },
): Promise<Stats & { heavyAnswered: number }> {
  const health = new Client(baseUrl, 1);
  const latencies: number[] = [];
  let errors = 0;
  let heavyAnswered = 0;
  let stop = false;
  const started = performance.now();
  const load = (async () => {
    // No new heavy query once minMs has passed with one answered: the service is stopped right after.
    while (!stop) {
      await heavy();
      heavyAnswered++;
      if (performance.now() - started >= options.minMs) break;
    }
  })();
  // Let the heavy query reach the service first.
  await new Promise((resolve) => setTimeout(resolve, 50));
  while (performance.now() - started < options.maxMs && (performance.now() - started < options.minMs || heavyAnswered === 0)) {
    const answer = await health.send('GET', '/health');
    if (answer.status === 200) latencies.push(answer.ms);
    else errors++;
    await new Promise((resolve) => setTimeout(resolve, options.everyMs));
  }
  stop = true;
  await load;
  health.close();
  return { ...statsOf(latencies, errors), heavyAnswered };
}
