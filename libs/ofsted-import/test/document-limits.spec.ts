import { deflateSync } from 'node:zlib';
import {
  closeSharedPdfReaders,
  DEFAULT_DOCUMENT_LIMITS,
  documentLimitsFromEnv,
  draftImport,
  ImportRefused,
  PdfReaders,
  type DocumentLimits,
} from '@plan-ledger/ofsted-import';
import { inflatesBeyond } from '../src/text/inflated-size';
import { buildPdf, circularPageTree, fanOutPageTree, flateBomb, heapBomb, manyPages, zerosDeflated } from './hostile-documents';
import { minimalPdf } from './sample-documents';

const MB = 1024 * 1024;

async function refusal(run: () => Promise<unknown>): Promise<ImportRefused & { limit?: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ImportRefused) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const draft = (bytes: Uint8Array, limits: Partial<DocumentLimits> = {}, readers?: PdfReaders) =>
  draftImport(bytes, { fileName: 'upload.pdf', limits: { ...DEFAULT_DOCUMENT_LIMITS, ...limits }, readers });

afterAll(() => closeSharedPdfReaders());

describe('the limits, from the environment', () => {
  it('are the defaults when nothing is set, and scale MB variables', () => {
    expect(documentLimitsFromEnv({})).toEqual(DEFAULT_DOCUMENT_LIMITS);
    expect(
      documentLimitsFromEnv({ LEDGER_IMPORT_MAX_PAGES: '120', LEDGER_IMPORT_MAX_INFLATED_MB: '10', LEDGER_IMPORT_TIMEOUT_MS: '5000' }),
    ).toMatchObject({ maxPages: 120, maxInflatedBytes: 10 * MB, timeoutMs: 5000, maxTextChars: 5 * MB });
  });

  it.each(['0', '-1', '1.5', 'twenty'])('refuse %p rather than read unbounded', (value) => {
    expect(() => documentLimitsFromEnv({ LEDGER_IMPORT_TIMEOUT_MS: value })).toThrow(
      /LEDGER_IMPORT_TIMEOUT_MS must be a positive whole number/,
    );
  });
});

describe('what the streams of a PDF inflate to, counted before pdf.js reads it', () => {
  it('finds a Flate stream over the limit, and one under it', () => {
    expect(inflatesBeyond(flateBomb(60), 50 * MB)).toBe(true);
    expect(inflatesBeyond(flateBomb(40), 50 * MB)).toBe(false);
  });

  it('follows a stream deflated twice, which is small after one inflation', () => {
    const twice = buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>',
      { dict: '/Filter [/FlateDecode /FlateDecode]', data: deflateSync(zerosDeflated(60)) },
    ]);
    expect(inflatesBeyond(twice, 50 * MB)).toBe(true);
  });

  it('passes streams that are not deflated', () => {
    expect(inflatesBeyond(minimalPdf('Plain text, not deflated'), 1)).toBe(false);
  });
});

describe('hostile PDFs are refused by name, in a worker', () => {
  it.each([
    ['a Flate bomb (400 MB of zeros in one content stream)', () => flateBomb(), 'DOCUMENT_TOO_COMPLEX', 'inflated streams'],
    ['400 page-tree nodes of 400 references to one page', () => fanOutPageTree(400, 400), 'DOCUMENT_TOO_COMPLEX', 'pages'],
    ['a page tree of 60,000 pages', () => manyPages(60_000), 'DOCUMENT_TOO_COMPLEX', 'pages'],
    ['a circular page tree', () => circularPageTree(), 'PDF_UNREADABLE', undefined],
  ])('%s', async (_, make, code, limit) => {
    const error = await refusal(() => draft(make()));
    expect(error.code).toBe(code);
    expect(error.limit).toBe(limit);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('reads up to the page limit and refuses past it', async () => {
    expect((await refusal(() => draft(manyPages(3), { maxPages: 3 }))).code).toBe('NOT_AN_OFSTED_DOCUMENT');
    expect(await refusal(() => draft(manyPages(3), { maxPages: 2 }))).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', limit: 'pages' });
  });

  it('stops at the text limit', async () => {
    const pdf = minimalPdf('Quarterly newsletter of the allotment society');
    expect(await refusal(() => draft(pdf, { maxTextChars: 10 }))).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', limit: 'text' });
  });

  it('terminates a worker past the time limit, and the next document is read', async () => {
    // With the inflation bound lifted, pdf.js inflates the 400 MB itself: seconds of work, stopped at the limit.
    const error = await refusal(() => draft(flateBomb(), { maxInflatedBytes: 1024 * MB, timeoutMs: 1000 }));
    expect(error.code).toBe('DOCUMENT_TIMEOUT');
    expect((await refusal(() => draft(minimalPdf('Quarterly newsletter of the allotment society')))).code).toBe('NOT_AN_OFSTED_DOCUMENT');
  });
});

describe('a pool of its own', () => {
  let readers: PdfReaders | undefined;
  afterEach(async () => {
    await readers?.close();
    readers = undefined;
  });

  it('refuses a document that runs a worker out of memory, and replaces the worker', async () => {
    // 128 MB reads a small PDF from sources (tsx compiling the worker included), not a million parsed dictionaries.
    readers = new PdfReaders({ threads: 1, workerMemoryMb: 128 });
    const error = await refusal(() => draft(heapBomb(1_000_000), {}, readers));
    expect(error).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', limit: 'memory' });
    expect((await refusal(() => draft(minimalPdf('Quarterly newsletter of the allotment society'), {}, readers))).code).toBe(
      'NOT_AN_OFSTED_DOCUMENT',
    );
  });

  it('turns callers away once its queue is full, rather than queueing without end', async () => {
    readers = new PdfReaders({ threads: 1, workerMemoryMb: 512, maxQueue: 1 });
    const pdf = manyPages(60_000);
    const outcomes = await Promise.all([1, 2, 3, 4].map(async () => (await refusal(() => draft(pdf, {}, readers))).code));
    expect(outcomes).toEqual(['DOCUMENT_TOO_COMPLEX', 'DOCUMENT_TOO_COMPLEX', 'IMPORTS_BUSY', 'IMPORTS_BUSY']);
  });
});
