import { availableParallelism } from 'node:os';

/**
 * How much reading one PDF may take. Ofsted's reports are under 100 pages, inflate to a few MB of streams and hold a
 * few hundred KB of text, read in about a second: every bound is generous for them and small for a bomb.
 */
export interface DocumentLimits {
  /** Checked against the page tree's count before any page is read: a huge tree costs time per page. */
  readonly maxPages: number;
  /** All Flate streams of the file inflated together, counted before pdf.js sees the file. */
  readonly maxInflatedBytes: number;
  /** Characters of text extracted over all pages (one more a text run, so empty runs count too). */
  readonly maxTextChars: number;
  /** Reading time in a worker, from when the worker starts on the document; the worker is then terminated. */
  readonly timeoutMs: number;
  /** V8 old-generation heap of each worker; a worker over it dies, and is replaced. Applies when the pool starts. */
  readonly workerMemoryMb: number;
  /** Workers reading at once. Applies when the pool starts. */
  readonly threads: number;
}

const MB = 1024 * 1024;

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  maxPages: 300,
  maxInflatedBytes: 50 * MB,
  maxTextChars: 5 * MB,
  timeoutMs: 20_000,
  workerMemoryMb: 512,
  // Two let one hostile document be read while an honest one is; more would take the cores the service answers on.
  threads: Math.min(2, availableParallelism()),
};

/** The environment variables that override each limit, for operators. */
export const DOCUMENT_LIMIT_VARIABLES = {
  maxPages: 'LEDGER_IMPORT_MAX_PAGES',
  maxInflatedBytes: 'LEDGER_IMPORT_MAX_INFLATED_MB',
  maxTextChars: 'LEDGER_IMPORT_MAX_TEXT_MB',
  timeoutMs: 'LEDGER_IMPORT_TIMEOUT_MS',
  workerMemoryMb: 'LEDGER_IMPORT_WORKER_MEMORY_MB',
  threads: 'LEDGER_IMPORT_THREADS',
} as const satisfies Record<keyof DocumentLimits, string>;

const SCALE: Record<keyof DocumentLimits, number> = {
  maxPages: 1,
  maxInflatedBytes: MB,
  maxTextChars: MB,
  timeoutMs: 1,
  workerMemoryMb: 1,
  threads: 1,
};

/**
 * The limits, each from its variable when set. A value that is not a positive whole number stops the caller at start
 * rather than reading documents unbounded.
 */
export function documentLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): DocumentLimits {
  const limits: Record<keyof DocumentLimits, number> = { ...DEFAULT_DOCUMENT_LIMITS };
  for (const key of Object.keys(DOCUMENT_LIMIT_VARIABLES) as (keyof DocumentLimits)[]) {
    const raw = env[DOCUMENT_LIMIT_VARIABLES[key]];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${DOCUMENT_LIMIT_VARIABLES[key]} must be a positive whole number, not "${raw}"`);
    limits[key] = value * SCALE[key];
  }
  return limits;
}
