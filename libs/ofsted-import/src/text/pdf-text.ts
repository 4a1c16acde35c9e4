import type { TextContent } from 'pdfjs-dist/types/src/display/api';
import { DocumentTooComplex, ImportRefused } from '../import-refused';
import type { DocumentLimits } from './document-limits';
import { normaliseLine, pdfDateDay, type DocumentText, type SourceLine } from './document-text';
import { inflatesBeyond } from './inflated-size';

export type PdfReadingLimits = Pick<DocumentLimits, 'maxPages' | 'maxInflatedBytes' | 'maxTextChars'>;

/**
 * Ofsted's reports put everything the importer reads at their two ends: title, judgements, summary and what needs to
 * improve or recommendations in the first pages (by page 10 in every SIF report seen), the inspection team on the
 * last. The pages between (a SIF report's 20 to 40 pages of narrative, its LSCB review) are never read, which halves
 * the time a long report takes. Letters are read whole.
 */
export const HEAD_PAGES = 12;
export const TAIL_PAGES = 2;
/**
 * An ILACS report (2018 on) opens with its judgement table and has everything else the importer reads by page 3 (what
 * needs to improve; 35 of 35 reports seen): then the narrative. Its first pages are enough.
 */
export const ILACS_HEAD_PAGES = 6;

/** The page numbers read of a document of `count` pages: all, or its head and its tail. */
export function pagesToRead(count: number, head = HEAD_PAGES, tail = TAIL_PAGES): number[] {
  const all = Array.from({ length: count }, (_, i) => i + 1);
  return count <= head + tail ? all : all.filter((page) => page <= head || page > count - tail);
}

/** Page 1 of an ILACS report: its title and the judgement table that ends with overall effectiveness. */
export function opensWithIlacsTable(firstPage: readonly SourceLine[]): boolean {
  const text = firstPage.map((line) => line.text).join('\n');
  return (
    /^Judgement(?: Grade)?$/m.test(text) &&
    /^Overall effectiveness\b/m.test(text) &&
    // The title wraps where the page is narrow ("Inspection of Wirral local authority / children's services"), and
    // names the council its own way ("Doncaster Metropolitan Borough Council children's services").
    /inspection of .{0,80}?children'?s\s+(?:social\s+care\s+)?services/is.test(text)
  );
}

const RECOMMENDATIONS = /^(?:Recommendations|What does the local authority need to improve\??)$/i;
const LIST_ITEM = /^(?:(\d{1,2})\.|-|\([a-z]\))\s+\S/;
/** The sections SIF puts straight after its recommendations: the summary for children (2015-18), the strengths (2014-15). */
const AFTER_RECOMMENDATIONS = /^(?:Summary for children\b|The local authority'?s strengths$)/i;
/** Sub-headings inside the list, as listAfter skips them. */
const WITHIN_LIST = /^(?:Priority and immediate action|Areas for improvement)/i;

/**
 * Whether a SIF report's recommendations have been read to their end: the heading, a list directly under it (within
 * three lines, numbered from 1 in turn, as the importer's own list reading takes it), then the section SIF puts after
 * it. Nothing the importer reads lies between there and the inspection team on the last pages, so the rest of the
 * head need not be read (pages 8-10 of 12 in every SIF report seen). Anything else ends the attempt and the head is
 * read whole as before: a contents page (its headings have no list under them), the report's numbered paragraphs
 * running on (a number out of turn), a list that ends in some other section.
 */
export function recommendationsRead(lines: readonly SourceLine[]): boolean {
  for (let at = 0; at < lines.length; at++) {
    if (!RECOMMENDATIONS.test(lines[at].text)) continue;
    let items = 0;
    let next = 0; // the number the next numbered item must have; 0 before the first
    for (let i = at + 1; i < lines.length; i++) {
      const text = lines[i].text;
      const item = LIST_ITEM.exec(text);
      if (item) {
        if (item[1] !== undefined) {
          const number = Number(item[1]);
          if (next === 0 ? number !== 1 : number !== next) break;
          next = number + 1;
        }
        items++;
      } else if (AFTER_RECOMMENDATIONS.test(text)) {
        if (items > 0) return true;
        break;
      } else if (RECOMMENDATIONS.test(text) || (items === 0 && !WITHIN_LIST.test(text) && i - at > 3)) {
        break;
      }
    }
  }
  return false;
}

const size = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.ceil(bytes / 1024)} KB`;

/**
 * Text of a PDF with Mozilla's pdf.js (legacy build, the one made for Node): one line per text run ending a line,
 * numbered per page. Scripts and fonts are never evaluated.
 *
 * This runs pdf.js on the calling thread, with no bound on time or memory: call it only in a document worker
 * (see pdf-readers.ts), which is what `pdfText` does.
 */
export async function readPdfText(bytes: Uint8Array, limits: PdfReadingLimits): Promise<DocumentText> {
  if (inflatesBeyond(bytes, limits.maxInflatedBytes)) {
    throw new DocumentTooComplex(
      'inflated streams',
      `the PDF's compressed streams inflate to more than ${size(limits.maxInflatedBytes)}; an Ofsted report inflates to a few MB`,
    );
  }
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let document;
  try {
    document = await getDocument({
      data: bytes,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException')
      throw new ImportRefused('PDF_ENCRYPTED', 'the PDF is encrypted (password protected): save an unprotected copy and import that');
    throw unreadable(error);
  }
  try {
    // Before any page: each page of a huge tree costs a walk of the tree, so 60,000 pages would take minutes.
    if (document.numPages > limits.maxPages) {
      throw new DocumentTooComplex(
        'pages',
        `the PDF has ${document.numPages} pages; at most ${limits.maxPages} are read (Ofsted's reports have fewer than 100)`,
      );
    }
    const lines: SourceLine[] = [];
    let characters = 0;
    let pages = pagesToRead(document.numPages);
    for (let index = 0; index < pages.length; index++) {
      const page = pages[index];
      if (page === 2 && opensWithIlacsTable(lines)) pages = pagesToRead(document.numPages, ILACS_HEAD_PAGES, 0);
      let current = '';
      let number = 0;
      const flush = (): void => {
        number++;
        const text = normaliseLine(current);
        if (text) lines.push({ page, line: number, text });
        current = '';
      };
      // Streamed, so that a page of endless text is stopped at the limit rather than held whole first.
      const chunks = (await document.getPage(page)).streamTextContent().getReader();
      for (let chunk = await chunks.read(); !chunk.done; chunk = await chunks.read()) {
        for (const item of (chunk.value as TextContent).items) {
          if (!('str' in item)) continue;
          characters += item.str.length + 1;
          if (characters > limits.maxTextChars) {
            const refusal = new DocumentTooComplex(
              'text',
              `the PDF holds more than ${size(limits.maxTextChars)} of text; an Ofsted report holds a few hundred KB`,
            );
            await chunks.cancel(refusal);
            throw refusal;
          }
          current += item.str;
          if (item.hasEOL) flush();
        }
      }
      if (current) flush();
      const head = pages.filter((p) => p > page && p <= HEAD_PAGES && p <= document.numPages - TAIL_PAGES);
      if (head.length && pages.length < document.numPages && recommendationsRead(lines)) {
        pages = pages.filter((p) => !head.includes(p));
      }
    }
    // The creation date is the nearest the file comes to saying when it was published (see publication-date.ts).
    const { info } = await document.getMetadata().catch(() => ({ info: undefined }));
    const createdOn = pdfDateDay((info as { CreationDate?: unknown } | undefined)?.CreationDate);
    return {
      lines,
      pageCount: document.numPages,
      ...(pages.length < document.numPages ? { pagesRead: pages.length } : {}),
      ...(createdOn ? { info: { createdOn } } : {}),
    };
  } catch (error) {
    throw error instanceof ImportRefused ? error : unreadable(error);
  } finally {
    await document.destroy();
  }
}

/** pdf.js's own errors (a circular page tree, a bad cross-reference) say what is wrong in terms a person can pass on. */
function unreadable(error: unknown): ImportRefused {
  const message = error instanceof Error ? error.message : String(error);
  return new ImportRefused('PDF_UNREADABLE', `the PDF cannot be read (${message}); it may be damaged or incomplete`);
}
