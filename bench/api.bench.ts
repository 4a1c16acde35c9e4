/**
 * `npm run bench:api [-- --sizes 10000,100000,1000000] [--seed 1] [--seconds 20]`
 *
 * Generates a log of 153 councils per size (seeded, every command decided by the domain; cached under bench/.cache),
 * starts the built service on a copy of it, and measures the reads of issue 14, sequentially (200 requests or 10 s)
 * and at concurrency 10 (20 s): authorities(first: 50) now and at a knownAt half-way along the log, plans, actions
 * (overdue), timeline, plan; the write gradeProgress; and /health while the slowest read runs. Prints one line per
 * figure and a last JSON line with every figure, the flatness ratio (sequential p50 at the largest size measured over
 * that at the smallest; the issue's is 1M over 10k) and the issue's goals, passed or not.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { cachedLog, LAST_MONTH, type CachedLog } from './api/generate';
import { Client, concurrent, healthWhile, sequential, type ConcurrentStats, type Stats } from './api/load';
import { gradeRequest, readsOf, Schema } from './api/queries';
import { ensureBuilt, Service } from './api/service';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    seed: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '20' },
    'sequential-requests': { type: 'string', default: '200' },
    'sequential-seconds': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '10' },
  },
});
const SIZES = values.sizes.split(',').map((size) => Number(size.replace(/_/g, '')));
const SEED = Number(values.seed);
const SECONDS = Number(values.seconds);
const SEQUENTIAL_REQUESTS = Number(values['sequential-requests']);
const SEQUENTIAL_MS = Number(values['sequential-seconds']) * 1000;
const CONCURRENCY = Number(values.concurrency);
if (SIZES.some((size) => !Number.isInteger(size) || size < 2000) || !Number.isInteger(SEED) || !(SECONDS > 0)) {
  throw new Error('--sizes takes whole numbers of at least 2000, comma-separated; --seed a whole number; --seconds a positive number');
}

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = join(ROOT, 'bench', '.cache');
const log = (text: string): void => console.log(text);
const line = (size: number, name: string, value: string): void => console.log(`${String(size).padStart(7)}  ${name.padEnd(36)} ${value}`);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;
const extraOf = (read: { extra?: string }): { extra?: string } => (read.extra ? { extra: read.extra } : {});
const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '-');

interface ReadFigures {
  readonly available: boolean;
  /** Why it is measured though not one of the issue's reads (left out of the goals). */
  readonly extra?: string;
  readonly unavailable?: string;
  readonly sequential?: Stats;
  readonly concurrent?: ConcurrentStats;
}

interface SizeFigures {
  readonly events: number;
  readonly log: Omit<CachedLog, 'dataDir' | 'laCodes' | 'openPlanIds'>;
  readonly startupMs: number;
  readonly reads: Record<string, ReadFigures>;
  /** samePlan: one plan graded again and again, as a board grades its priorities and actions in turn (not a goal). */
  readonly write: { readonly sequential: Stats; readonly concurrent: ConcurrentStats; readonly samePlan: Stats };
  readonly healthDuringHeavy: Stats & { readonly heavy: string; readonly heavyAnswered: number };
}

async function measureSize(size: number): Promise<SizeFigures> {
  const generated = await cachedLog(CACHE, size, SEED, log);
  const { dataDir, laCodes, openPlanIds, ...about } = generated;
  line(
    size,
    'log',
    `${generated.events} events, ${generated.months} months from ${generated.firstMonth}, ${generated.corrections} corrections, ` +
      `${generated.redatings} re-datings; ${generated.fromCache ? 'from the cache' : 'generated'} (${generated.generationMs} ms to generate, ` +
      `${Math.round(generated.events / (generated.generationMs / 1000))} events/s)`,
  );
  // The service writes (grades, the notary's files): it runs on a copy, so the cached log stays as generated.
  const run = join(CACHE, `run-${size}-${process.pid}`);
  rmSync(run, { recursive: true, force: true });
  mkdirSync(run, { recursive: true });
  cpSync(dataDir, join(run, 'data'), { recursive: true });
  // The read model bench:web keeps beside the cached log (same generator, same log): with it the service answers from
  // its model at once; without it the first start folds the model for minutes, and the figures would be of folds.
  const warmModel = join(dataDir, '..', 'web-read-models.sqlite');
  if (existsSync(warmModel)) copyFileSync(warmModel, join(run, 'data', 'read-models.sqlite'));
  const service = await Service.start(ROOT, join(run, 'data'), join(run, 'service.log'));
  const client = new Client(service.url, CONCURRENCY);
  try {
    const startupMs = Math.round(await service.ready(30 * 60_000));
    line(size, 'service ready (/health/ready)', `${startupMs} ms`);
    const caught = await service.caughtUp(60 * 60_000, existsSync(warmModel));
    line(size, 'read model and notary caught up', `${Math.round(caught.ms)} ms (${caught.model})`);
    // A model built here is kept beside the cached log (as bench:web keeps its), so that the next run starts warm: copied
    // now, before any write of this run moves it past the cached log's head, with SQLite's backup (the service has it open).
    if (caught.model !== 'warm model') {
      const model = new Database(join(run, 'data', 'read-models.sqlite'), { readonly: true, fileMustExist: true });
      try {
        await model.backup(`${warmModel}.next`);
      } finally {
        model.close();
      }
      renameSync(`${warmModel}.next`, warmModel);
      line(size, 'read model kept for the next run', warmModel);
    }
    const schema = await Schema.read(client);
    const [year, month] = LAST_MONTH.split('-').map(Number);
    const lastYear = `${year - 1}-${String(month).padStart(2, '0')}-01`;
    const samples = { laCodes, planIds: openPlanIds, knownAt: generated.midKnownAt, lastYear };
    const reads: Record<string, ReadFigures> = {};
    const timed: { name: string; p50: number; request: (i: number) => { query: string } }[] = [];
    for (const read of readsOf(schema, samples)) {
      if ('unavailable' in read) {
        reads[read.name] = { available: false, unavailable: read.unavailable };
        line(size, read.name, `not available (${read.unavailable})`);
        continue;
      }
      if (read.built) line(size, `${read.name} query (from the schema)`, read.built);
      const seq = await sequential(client, read.request, SEQUENTIAL_REQUESTS, SEQUENTIAL_MS);
      if (seq.n === 0) {
        reads[read.name] = { available: false, unavailable: seq.firstError ?? 'no answer', sequential: seq, ...extraOf(read) };
        line(size, read.name, `not available (${seq.firstError})`);
        continue;
      }
      line(
        size,
        `${read.name} sequential`,
        `p50 ${ms(seq.p50)} ms, p95 ${ms(seq.p95)} ms, max ${ms(seq.max)} ms (${seq.n} requests, ${seq.errors} errors, ${kb(seq.bytes)} an answer)`,
      );
      const conc = await concurrent(client, (worker, i) => read.request(worker * 7919 + i), CONCURRENCY, SECONDS);
      line(
        size,
        `${read.name} c=${CONCURRENCY}`,
        `${conc.rps} req/s, p50 ${ms(conc.p50)} ms, p95 ${ms(conc.p95)} ms (${conc.n} answers in ${conc.seconds} s, ${conc.errors} errors)`,
      );
      reads[read.name] = { available: true, sequential: seq, concurrent: conc, ...extraOf(read) };
      timed.push({ name: read.name, p50: seq.p50, request: read.request });
    }

    // The write: each caller grades its own plans, so that no two race for one stream's revision.
    const today = new Date().toISOString().slice(0, 10);
    const runId = `${size}-${process.pid}-${Date.now()}`;
    const writeSeq = await sequential(
      client,
      (i) => gradeRequest(openPlanIds[i % openPlanIds.length], `bench-${runId}-s${i}`, today, i),
      SEQUENTIAL_REQUESTS,
      SEQUENTIAL_MS,
    );
    line(
      size,
      'gradeProgress sequential',
      `p50 ${ms(writeSeq.p50)} ms, p95 ${ms(writeSeq.p95)} ms, max ${ms(writeSeq.max)} ms (${writeSeq.n} writes, ${writeSeq.errors} errors${writeSeq.firstError ? `: ${writeSeq.firstError}` : ''})`,
    );
    // A board's pattern: the same plan, one grade after another (each plan above is written once per round).
    const writeSame = await sequential(
      client,
      (i) => gradeRequest(openPlanIds[0], `bench-${runId}-same${i}`, today, i),
      Math.min(50, SEQUENTIAL_REQUESTS),
      SEQUENTIAL_MS,
    );
    line(
      size,
      'gradeProgress, one plan again',
      `p50 ${ms(writeSame.p50)} ms, p95 ${ms(writeSame.p95)} ms, max ${ms(writeSame.max)} ms (${writeSame.n} writes, ${writeSame.errors} errors)`,
    );
    const writeConc = await concurrent(
      client,
      (worker, i) => {
        const mine = openPlanIds.filter((_, index) => index % CONCURRENCY === worker);
        const planId = mine.length ? mine[i % mine.length] : openPlanIds[worker % openPlanIds.length];
        return gradeRequest(planId, `bench-${runId}-c${worker}-${i}`, today, i);
      },
      CONCURRENCY,
      SECONDS,
    );
    line(
      size,
      `gradeProgress c=${CONCURRENCY}`,
      `${writeConc.rps} writes/s, p50 ${ms(writeConc.p50)} ms, p95 ${ms(writeConc.p95)} ms (${writeConc.errors} errors${writeConc.firstError ? `: ${writeConc.firstError}` : ''})`,
    );

    // /health while the slowest read runs, one after another.
    const slowest = [...timed].sort((a, b) => b.p50 - a.p50)[0];
    let i = 0;
    const health = await healthWhile(service.url, () => client.send('POST', '/graphql', slowest.request(i++)), {
      everyMs: 20,
      minMs: 5_000,
      maxMs: 60_000,
    });
    line(
      size,
      `/health while ${slowest.name} runs`,
      `p95 ${ms(health.p95)} ms, max ${ms(health.max)} ms (${health.n} probes, ${health.heavyAnswered} ${slowest.name} answered)`,
    );
    return {
      events: generated.events,
      log: about,
      startupMs,
      reads,
      write: { sequential: writeSeq, concurrent: writeConc, samePlan: writeSame },
      healthDuringHeavy: { ...health, heavy: slowest.name },
    };
  } catch (error) {
    console.error(`service log (last lines):\n${service.tail()}`);
    throw error;
  } finally {
    client.close();
    await service.stop();
    rmSync(run, { recursive: true, force: true });
  }
}

type Goal = { readonly goal: string; readonly pass: boolean | null; readonly detail: string };

function goalsOf(figures: Record<number, SizeFigures>): { goals: Goal[]; flatness: Record<string, number | null> } {
  const sizes = Object.keys(figures)
    .map(Number)
    .sort((a, b) => a - b);
  const small = figures[sizes[0]];
  const large = figures[sizes[sizes.length - 1]];
  const at1M = figures[1_000_000];
  const flatness: Record<string, number | null> = {};
  const goals: Goal[] = [];
  const issueReads = (reads: Record<string, ReadFigures>): string[] => Object.keys(reads).filter((name) => !reads[name].extra);
  for (const name of Object.keys(small.reads)) {
    const a = small.reads[name]?.sequential;
    const b = large.reads[name]?.sequential;
    const ratio = sizes.length > 1 && small.reads[name].available && large.reads[name]?.available && a && b ? b.p50 / a.p50 : null;
    flatness[name] = ratio === null ? null : Math.round(ratio * 100) / 100;
    if (small.reads[name].extra) continue;
    goals.push({
      goal: `flatness ${name} <= 1.5 (p50 at ${sizes[sizes.length - 1]} / p50 at ${sizes[0]})`,
      pass: ratio === null ? null : ratio <= 1.5,
      detail: ratio === null ? (large.reads[name]?.unavailable ?? 'one size only') : ratio.toFixed(2),
    });
  }
  for (const name of issueReads(large.reads)) {
    const read = at1M?.reads[name];
    goals.push({
      goal: `${name} sequential p95 < 50 ms at 1M`,
      pass: !at1M ? null : read?.available && read.sequential ? read.sequential.p95 < 50 : false,
      detail: !at1M ? '1M not measured' : read?.available ? `${read.sequential?.p95} ms` : `not available: ${read?.unavailable}`,
    });
  }
  const plan = at1M?.reads.plan?.concurrent;
  goals.push({
    goal: `plan >= 1000 req/s at c=${CONCURRENCY} at 1M`,
    pass: !at1M ? null : plan ? plan.rps >= 1000 : false,
    detail: !at1M ? '1M not measured' : `${plan?.rps ?? '-'} req/s`,
  });
  goals.push({
    goal: 'gradeProgress sequential p95 < 50 ms at 1M',
    pass: !at1M ? null : at1M.write.sequential.n > 0 && at1M.write.sequential.p95 < 50,
    detail: !at1M ? '1M not measured' : `${at1M.write.sequential.p95} ms`,
  });
  for (const size of sizes) {
    const health = figures[size].healthDuringHeavy;
    goals.push({
      goal: `/health within 100 ms while ${health.heavy} runs, at ${size}`,
      pass: health.n > 0 && health.max < 100,
      detail: `max ${health.max} ms, p95 ${health.p95} ms`,
    });
  }
  return { goals, flatness };
}

/** Copies and half-built logs of runs that were killed (their process is gone). */
function removeLeftovers(): void {
  for (const name of readdirSync(CACHE)) {
    const pid = /^(?:run|building)-\d+-(?:\d+-)?(\d+)$/.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid) continue;
    try {
      process.kill(Number(pid), 0);
    } catch {
      rmSync(join(CACHE, name), { recursive: true, force: true });
    }
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:api  sizes=${SIZES.join(',')} seed=${SEED} sequential=${SEQUENTIAL_REQUESTS} requests or ${SEQUENTIAL_MS / 1000} s, ` +
      `c=${CONCURRENCY} for ${SECONDS} s; node ${process.version}, ${cpus().length} cores`,
  );
  mkdirSync(CACHE, { recursive: true });
  removeLeftovers();
  const started = performance.now();
  ensureBuilt(ROOT, log);
  const figures: Record<number, SizeFigures> = {};
  for (const size of SIZES) figures[size] = await measureSize(size);
  const { goals, flatness } = goalsOf(figures);
  for (const goal of goals) console.log(`${goal.pass === null ? 'n/a ' : goal.pass ? 'PASS' : 'FAIL'}  ${goal.goal}: ${goal.detail}`);
  const decided = goals.filter((goal) => goal.pass !== null);
  console.log(
    JSON.stringify({
      bench: 'api',
      seed: SEED,
      node: process.version,
      cores: cpus().length,
      seconds: Math.round((performance.now() - started) / 1000),
      sizes: figures,
      flatness,
      goals,
      targetsMet: decided.length > 0 && decided.every((goal) => goal.pass),
    }),
  );
}

main().catch((error: Error) => {
  console.error(`bench:api failed: ${error.stack ?? error.message}`);
  process.exitCode = 1;
});
