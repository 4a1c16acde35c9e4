import type { DocumentText, SourceLine } from '../text/document-text';

/** Line-level searching over a document, skipping page furniture (headers and footers repeated on many pages). */
export class DocumentReader {
  readonly lines: readonly SourceLine[];

  constructor(text: DocumentText) {
    // Furniture repeats across pages: counted by page, so that a grade written three times in one judgement table
    // ("Requires improvement" / "to be good") is not taken for a running header.
    const pagesOf = new Map<string, Set<number>>();
    for (const line of text.lines) {
      const pages = pagesOf.get(line.text) ?? new Set<number>();
      pages.add(line.page);
      pagesOf.set(line.text, pages);
    }
    const pageCount = text.pagesRead ?? text.pageCount;
    const furniture = (line: SourceLine): boolean =>
      /^\d{1,3}$/.test(line.text) || (pageCount >= 3 && (pagesOf.get(line.text)?.size ?? 0) >= Math.max(3, pageCount / 2));
    this.lines = text.lines.filter((line) => !furniture(line));
  }

  /** The first line matching, from `from`, with its match. */
  find(pattern: RegExp, from = 0, to = this.lines.length): { index: number; line: SourceLine; match: RegExpExecArray } | undefined {
    for (let index = from; index < Math.min(to, this.lines.length); index++) {
      const match = pattern.exec(this.lines[index].text);
      if (match) return { index, line: this.lines[index], match };
    }
    return undefined;
  }

  findAll(pattern: RegExp): { index: number; line: SourceLine; match: RegExpExecArray }[] {
    const all: { index: number; line: SourceLine; match: RegExpExecArray }[] = [];
    this.lines.forEach((line, index) => {
      const match = pattern.exec(line.text);
      if (match) all.push({ index, line, match });
    });
    return all;
  }

  /** Lines from..to joined with spaces, with a way back from an offset to its line. */
  joined(from: number, to: number): { text: string; lineAt(offset: number): SourceLine } {
    const slice = this.lines.slice(from, Math.min(to, this.lines.length));
    const starts: number[] = [];
    let text = '';
    for (const line of slice) {
      starts.push(text.length);
      text += `${line.text} `;
    }
    return {
      text,
      lineAt(offset) {
        let i = 0;
        while (i + 1 < starts.length && starts[i + 1] <= offset) i++;
        return slice[i];
      },
    };
  }

  /**
   * The items of a list under a heading: numbered ("1.") or bulleted ("-") entries with their continuation lines,
   * until a line that starts another section. An empty list when the heading is followed by prose.
   */
  listAfter(index: number, stop: RegExp): { items: string[]; first: SourceLine | null } {
    const items: string[] = [];
    let first: SourceLine | null = null;
    let nextNumber = 0; // a numbered list runs 1, 2, 3...: a number out of turn is the report's paragraphs resuming
    for (let i = index + 1; i < this.lines.length; i++) {
      const text = this.lines[i].text;
      if (stop.test(text)) break;
      // Sub-headings inside the list (SIF 2014-15: "Priority and immediate action", "Areas for improvement"; the
      // 2009-13 unannounced inspections: "Immediately:", "Within three months:").
      if (/^(Priority and immediate action|Areas for improvement)|^(?:Immediately|Within [a-z]+ months?):?$/i.test(text)) continue;
      const item = /^(?:(\d{1,2})\.|-|\([a-z]\))\s+(.*)$/.exec(text);
      if (item && item[1] !== undefined) {
        const number = Number(item[1]);
        if (nextNumber > 0 && number !== nextNumber) break;
        if (nextNumber === 0 && number !== 1 && items.length === 0) break;
        nextNumber = number + 1;
      }
      if (item) {
        items.push(item[2]);
        first ??= this.lines[i];
      } else if (items.length > 0) {
        items[items.length - 1] += ` ${text}`;
      } else if (i - index > 3) {
        break;
      }
    }
    return { items: items.map((item) => item.replace(/\s+/g, ' ').trim()), first };
  }
}
