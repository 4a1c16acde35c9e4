/**
 * `npm run bench:web [-- --sizes 10000,1000000] [--seed 1] [--requests 200] [--seconds 10]`
 *
 * The pages people open every day, at the sizes of bench:api and on its generated logs (same generator, same cache):
 * starts the built service on a copy of the log, waits until its read model has caught up with the head (a first
 * start at 1M builds it for minutes; the built model is kept beside the cached log, so later runs start warm), then
 * asks for each page one request after another and prints p50 / p95 / max. The goal: the portfolio and plan
 * pages under 100 ms at p95, sequentially, at 1,000,000 events. The last line is JSON with every figure.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cachedLog } from './api/generate';
import { Client, statsOf, type Stats } from './api/load';
import { ensureBuilt, Service } from './api/service';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,1000000' },
    seed: { type: 'string', default: '1' },
    requests: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
  },
});
const SIZES = values.sizes.split(',').map((size) => Number(size.replace(/_/g, '')));
const SEED = Number(values.seed);
const REQUESTS = Number(values.requests);
const MAX_MS = Number(values.seconds) * 1000;
if (SIZES.some((size) => !Number.isInteger(size) || size < 2000) || !Number.isInteger(SEED) || !(REQUESTS > 0) || !(MAX_MS > 0)) {
  throw new Error(
    '--sizes takes whole numbers of at least 2000, comma-separated; --seed a whole number; --requests and --seconds positive',
  );
}

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = join(ROOT, 'bench', '.cache');
const MODEL_FILE = 'read-models.sqlite';
const log = (text: string): void => console.log(text);
const line = (size: number, name: string, value: string): void => console.log(`${String(size).padStart(7)}  ${name.padEnd(34)} ${value}`);
const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '-');

/** GETs `path(i)` one after another: `REQUESTS` of them or for `MAX_MS`; a status other than 200 is an error. */
async function sequentialPages(client: Client, path: (i: number) => string): Promise<Stats> {
  const latencies: number[] = [];
  const sizes: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  for (let i = 0; i < REQUESTS && (i === 0 || performance.now() - started < MAX_MS); i++) {
    const answer = await client.send('GET', path(i));
    if (answer.status !== 200) {
      errors++;
      firstError ??= `${path(i)}: ${answer.status} ${answer.body.slice(0, 200)}`;
      if (i === 0) break;
    } else {
      latencies.push(answer.ms);
      sizes.push(Buffer.byteLength(answer.body));
    }
  }
  return statsOf(latencies, errors, firstError, sizes);
}

async function measure(size: number): Promise<Record<string, Stats | number>> {
  const generated = await cachedLog(CACHE, size, SEED, log);
  const warmModel = join(generated.dataDir, '..', `web-${MODEL_FILE}`);
  const run = join(CACHE, `web-run-${size}-${process.pid}`);
  rmSync(run, { recursive: true, force: true });
  mkdirSync(run, { recursive: true });
  cpSync(generated.dataDir, join(run, 'data'), { recursive: true });
  if (existsSync(warmModel)) copyFileSync(warmModel, join(run, 'data', MODEL_FILE));
  const service = await Service.start(ROOT, join(run, 'data'), join(run, 'service.log'));
  const client = new Client(service.url, 1);
  try {
    const readyMs = await service.ready(30 * 60_000);
    const caught = await service.caughtUp(60 * 60_000, existsSync(warmModel));
    line(size, 'ready; model and notary caught up', `${Math.round(readyMs)} ms, then ${Math.round(caught.ms)} ms (${caught.model})`);
    const plans = generated.openPlanIds;
    const councils = generated.laCodes;
    const pages: Record<string, (i: number) => string> = {
      'portfolio (/)': () => '/',
      'portfolio as known at mid-log': () => `/?knownAt=${encodeURIComponent(generated.midKnownAt)}`,
      'plan (/plans/{id})': (i) => `/plans/${encodeURIComponent(plans[i % plans.length])}`,
      'council (/councils/{laCode})': (i) => `/councils/${encodeURIComponent(councils[i % councils.length])}`,
    };
    const figures: Record<string, Stats | number> = { events: generated.events };
    for (const [name, path] of Object.entries(pages)) {
      const stats = await sequentialPages(client, path);
      figures[name] = stats;
      line(
        size,
        name,
        stats.n === 0
          ? `not available (${stats.firstError})`
          : `p50 ${ms(stats.p50)} ms, p95 ${ms(stats.p95)} ms, max ${ms(stats.max)} ms (${stats.n} pages, ${stats.errors} errors, ${(stats.bytes / 1024).toFixed(1)} kB a page)`,
      );
    }
    return figures;
  } catch (error) {
    console.error(`service log (last lines):\n${service.tail()}`);
    throw error;
  } finally {
    client.close();
    await service.stop();
    // Keep the model as the service left it (after a clean stop: built, or rebuilt for a new READ_MODEL_VERSION), so the
    // next run measures pages, not a first build.
    if (existsSync(join(run, 'data', MODEL_FILE))) copyFileSync(join(run, 'data', MODEL_FILE), warmModel);
    rmSync(run, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  ensureBuilt(ROOT, log);
  const figures: Record<number, Record<string, Stats | number>> = {};
  for (const size of SIZES) figures[size] = await measure(size);
  const largest = figures[Math.max(...SIZES)];
  const goal = (name: string) => {
    const stats = largest[name] as Stats | undefined;
    return { page: name, p95: stats?.p95 ?? null, pass: stats !== undefined && stats.n > 0 && stats.p95 < 100 };
  };
  console.log(JSON.stringify({ figures, goals: [goal('portfolio (/)'), goal('plan (/plans/{id})')] }));
}

await main();
