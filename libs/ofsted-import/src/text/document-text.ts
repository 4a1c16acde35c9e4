/** One line of a document, with where it came from: what every extracted field points back to. */
export interface SourceLine {
  readonly page: number;
  readonly line: number;
  readonly text: string;
}

/** A document as lines of normalised text. */
export interface DocumentText {
  readonly lines: readonly SourceLine[];
  readonly pageCount: number;
  /** Pages whose lines are here, when not all of them are (a long report's middle is not read: see pdf-text.ts). */
  readonly pagesRead?: number;
  /** What the file says of itself (a PDF's document information), when it says it. */
  readonly info?: DocumentInfo;
}

export interface DocumentInfo {
  /** The day the PDF says it was created (YYYY-MM-DD, as written, in the zone it was written in). */
  readonly createdOn?: string;
}

/** A PDF date ("D:20240729101010+01'00'", or ISO as some writers put it) to its day; undefined when it is none. */
export function pdfDateDay(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = /^(?:D:)?(\d{4})-?(\d{2})-?(\d{2})/.exec(raw.trim());
  if (!match) return undefined;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCDate() === Number(day) && date.getUTCMonth() === Number(month) - 1 ? `${year}-${month}-${day}` : undefined;
}

/**
 * Ofsted's PDFs and web pages differ in typography; the extractors should not. Curly quotes, dashes, non-breaking
 * spaces, bullets and ligatures are made plain, and runs of spaces collapsed.
 */
export function normaliseLine(text: string): string {
  return (
    text
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/[\u2013\u2014\u2212]/g, '-')
      .replace(/[\u00a0\u2009\u202f]/g, ' ')
      .replace(/\ufb01/g, 'fi')
      .replace(/\ufb02/g, 'fl')
      // Bullets, Wingdings' among them (private-use characters such as U+F0A7 and U+F0B7, as Word's PDFs write them).
      .replace(/^\s*[\u25aa\u25fc\u25cf\u2022\u25a0\u27a2\uf000-\uf0ff]\s*/, '- ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Plain text (a letter pasted from a web page, a .txt), pages split at form feeds. */
export function plainText(text: string): DocumentText {
  const lines: SourceLine[] = [];
  const pages = text.split('\f');
  pages.forEach((page, p) => {
    page.split(/\r?\n/).forEach((raw, i) => {
      const line = normaliseLine(raw.replace(/^#+\s*/, '').replace(/\*\*/g, ''));
      if (line) lines.push({ page: p + 1, line: i + 1, text: line });
    });
  });
  return { lines, pageCount: pages.length };
}
