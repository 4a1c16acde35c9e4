import type { MessagePort } from 'node:worker_threads';
import { DocumentTooComplex, ImportRefused, type DocumentLimit, type ImportRefusalCode } from '../import-refused';
import type { DocumentText } from './document-text';
import { readPdfText, type PdfReadingLimits } from './pdf-text';

export interface PdfTask {
  readonly bytes: Uint8Array;
  readonly limits: PdfReadingLimits;
  /** Told when this worker starts on the document: the time limit runs from then, not from joining the queue. */
  readonly started: MessagePort;
}

/**
 * What comes back across the thread boundary. An error crossing it loses its class, so a refusal travels as data and
 * is made an ImportRefused again on the other side.
 */
export type PdfOutcome =
  | { readonly text: DocumentText }
  | { readonly refused: { readonly code: ImportRefusalCode; readonly message: string; readonly limit?: DocumentLimit } };

/**
 * The core-js bundled in pdf.js's legacy build replaces Array.prototype.push with a JavaScript one on Node 20 (V8 sets
 * the wrong length when pushing onto an array-like of 2^32 elements, which pdf.js never does). Text extraction pushes
 * millions of times, so the native one is put back in this worker's realm once pdf.js has loaded: about a tenth of a
 * report's time in a profile. Nothing else core-js installs here replaces a built-in.
 */
const nativePush = Array.prototype.push;

function restoreNativePush(): void {
  if (Array.prototype.push !== nativePush) {
    Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });
  }
}

/** The document worker's task (piscina calls the default export): one PDF to text. */
export default async function readPdfTask(task: PdfTask): Promise<PdfOutcome> {
  // Loading pdf.js, both halves (once a worker, seconds on a busy machine), is not the document's doing, so the clock
  // starts after. The worker half is the module getDocument would load on first use; it ships without types.
  const workerHalf: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import(workerHalf)]);
  restoreNativePush();
  task.started.postMessage('started');
  task.started.close();
  try {
    return { text: await readPdfText(task.bytes, task.limits) };
  } catch (error) {
    if (error instanceof ImportRefused) {
      return {
        refused: { code: error.code, message: error.message, ...(error instanceof DocumentTooComplex ? { limit: error.limit } : {}) },
      };
    }
    throw error;
  }
}
