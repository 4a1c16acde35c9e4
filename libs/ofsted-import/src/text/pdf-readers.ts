import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { DocumentTimeout, DocumentTooComplex, ImportRefused } from '../import-refused';
import { documentLimitsFromEnv, type DocumentLimits } from './document-limits';
import type { DocumentText } from './document-text';
import type { PdfOutcome, PdfTask } from './pdf-worker';

/**
 * Built, this module is JavaScript next to the compiled worker; from sources (tsx, Jest) it is TypeScript, and the
 * worker is the small loader that compiles the TypeScript one.
 */
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './pdf-worker.from-source.mjs' : './pdf-worker.js', import.meta.url);

/** Waiting documents beyond the ones being read: past this a caller is told to come back, not queued without end. */
const MAX_QUEUE = 16;

export interface PdfReaderSettings extends Pick<DocumentLimits, 'threads' | 'workerMemoryMb'> {
  readonly maxQueue?: number;
}

/**
 * Worker threads that read PDFs with pdf.js, away from the thread that answers requests. pdf.js has no bound on time,
 * memory or inflated data; here a document that breaks a limit is refused by name, a worker that runs too long is
 * terminated, and one that dies (out of memory, a pdf.js crash) is replaced while its document is refused.
 */
export class PdfReaders {
  private pool: Piscina<PdfTask, PdfOutcome>;
  private closed = false;
  /** Documents given to the pool and not yet answered, reading or waiting. */
  private inFlight = 0;
  private readingNow = 0;
  private readonly workerMemoryMb: number;
  private readonly maxQueue: number;

  constructor(private readonly settings: PdfReaderSettings) {
    this.workerMemoryMb = settings.workerMemoryMb;
    this.maxQueue = settings.maxQueue ?? MAX_QUEUE;
    this.pool = this.start();
  }

  private start(): Piscina<PdfTask, PdfOutcome> {
    const pool = new Piscina<PdfTask, PdfOutcome>({
      filename: WORKER.href,
      minThreads: 1,
      maxThreads: this.settings.threads,
      // A second worker costs a second copy of pdf.js; it goes once the burst that needed it is over.
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.workerMemoryMb },
    });
    // Without a listener an error outside any task (a worker failing on its own) would be thrown in the service.
    pool.on('error', () => undefined);
    pool.on('workerDestroy', () =>
      setImmediate(() => {
        // Piscina replaces a dead worker at once, but not a replacement that dies before it is ready: the documents
        // already queued would then wait until another arrives (seen after a worker ran out of memory), so the pool
        // is started afresh and they wait in the new one.
        if (this.closed || pool !== this.pool || pool.threads.length > 0) return;
        this.pool = this.start();
        void pool.destroy();
      }),
    );
    return pool;
  }

  /** Documents a worker is reading now (loaded and started on), not those waiting. */
  get reading(): number {
    return this.readingNow;
  }

  /** @throws ImportRefused with what went wrong; every failure of the reader is a refusal of the document */
  async read(bytes: Uint8Array, limits: DocumentLimits): Promise<DocumentText> {
    // Counted here, not with piscina's maxQueue: piscina keeps a task that has an abort signal in a queue that
    // maxQueue does not look at.
    if (this.inFlight >= this.settings.threads + this.maxQueue)
      throw new ImportRefused('IMPORTS_BUSY', `${this.maxQueue} documents are already waiting to be read; try again in a minute`);
    this.inFlight++;
    try {
      for (;;) {
        const pool = this.pool;
        const attempt = await this.attempt(pool, bytes, limits);
        // Still waiting in a pool that was replaced: never read, so it waits again in the new one.
        if ('requeue' in attempt && pool !== this.pool && !this.closed) continue;
        if ('text' in attempt) return attempt.text;
        throw 'refused' in attempt ? attempt.refused : this.refusalFor(attempt.error, false);
      }
    } finally {
      this.inFlight--;
    }
  }

  private async attempt(
    pool: Piscina<PdfTask, PdfOutcome>,
    bytes: Uint8Array,
    limits: DocumentLimits,
  ): Promise<{ text: DocumentText } | { refused: ImportRefused } | { requeue: true; error: unknown }> {
    // A copy the worker owns outright: transferred, not cloned, and never a slice of a shared Buffer pool.
    const owned = new Uint8Array(bytes);
    const { port1: started, port2: startedPort } = new MessageChannel();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let running = false;
    let timedOut = false;
    let settled = false;
    started.once('message', () => {
      // The message can come after a fast answer; a timer started then would only hold the process open.
      if (settled) return;
      running = true;
      this.readingNow++;
      timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, limits.timeoutMs);
    });
    try {
      const outcome = await pool.run(
        {
          bytes: owned,
          limits: { maxPages: limits.maxPages, maxInflatedBytes: limits.maxInflatedBytes, maxTextChars: limits.maxTextChars },
          started: startedPort,
        },
        { transferList: [owned.buffer, startedPort], signal: abort.signal },
      );
      if ('text' in outcome) return { text: outcome.text };
      const { code, message, limit } = outcome.refused;
      return {
        refused: code === 'DOCUMENT_TOO_COMPLEX' && limit ? new DocumentTooComplex(limit, message) : new ImportRefused(code, message),
      };
    } catch (error) {
      if (timedOut) return { refused: new DocumentTimeout(limits.timeoutMs) };
      return running ? { refused: this.refusalFor(error, running) } : { requeue: true, error };
    } finally {
      settled = true;
      if (running) this.readingNow--;
      clearTimeout(timer);
      started.close();
    }
  }

  private refusalFor(error: unknown, running: boolean): ImportRefused {
    const { code, message } = (error ?? {}) as { code?: string; message?: string };
    if (code === 'ERR_WORKER_OUT_OF_MEMORY')
      return new DocumentTooComplex('memory', `reading the PDF needed more than ${this.workerMemoryMb} MB of memory and was stopped`);
    // A worker that died some other way (a pdf.js crash outside any promise, a stack overflow) is this document's doing.
    return new ImportRefused(
      'PDF_UNREADABLE',
      `the PDF cannot be read (${running ? 'its reader failed' : 'it was not read'}: ${message ?? String(error)}); it may be damaged`,
    );
  }

  /** Stops every worker, reading or not. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool.destroy();
  }
}

let shared: PdfReaders | undefined;

/** The process's readers, started on first use with the threads and memory of the limits given then. */
export function sharedPdfReaders(limits: DocumentLimits = documentLimitsFromEnv()): PdfReaders {
  shared ??= new PdfReaders(limits);
  return shared;
}

/** Stops the process's readers (at shutdown, so nothing keeps the process alive); the next PDF starts them again. */
export async function closeSharedPdfReaders(): Promise<void> {
  const closing = shared;
  shared = undefined;
  await closing?.close();
}

/**
 * Text of a PDF, read by pdf.js in a worker thread within the limits (by default those of the environment, see
 * DOCUMENT_LIMIT_VARIABLES).
 * @throws ImportRefused PDF_ENCRYPTED, PDF_UNREADABLE, DOCUMENT_TOO_COMPLEX, DOCUMENT_TIMEOUT or IMPORTS_BUSY
 */
export function pdfText(bytes: Uint8Array, options: { limits?: DocumentLimits; readers?: PdfReaders } = {}): Promise<DocumentText> {
  const limits = options.limits ?? documentLimitsFromEnv();
  return (options.readers ?? sharedPdfReaders(limits)).read(bytes, limits);
}
