import { ImportRefused } from '../import-refused';
import { normaliseLine, type DocumentText, type SourceLine } from './document-text';

/**
 * Text of a PDF with Mozilla's pdf.js (legacy build, the one made for Node): one line per text run ending a line,
 * numbered per page. Scripts and fonts are never evaluated.
 */
export async function pdfText(bytes: Uint8Array): Promise<DocumentText> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let document;
  try {
    document = await getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'PasswordException')
      throw new ImportRefused('PDF_ENCRYPTED', 'the PDF is encrypted (password protected): save an unprotected copy and import that');
    throw new ImportRefused('PDF_UNREADABLE', `the PDF cannot be read (${(error as Error).message}); it may be damaged or incomplete`);
  }
  try {
    const lines: SourceLine[] = [];
    for (let page = 1; page <= document.numPages; page++) {
      const content = await (await document.getPage(page)).getTextContent();
      let current = '';
      let number = 0;
      const flush = (): void => {
        number++;
        const text = normaliseLine(current);
        if (text) lines.push({ page, line: number, text });
        current = '';
      };
      for (const item of content.items) {
        if (!('str' in item)) continue;
        current += item.str;
        if (item.hasEOL) flush();
      }
      if (current) flush();
    }
    return { lines, pageCount: document.numPages };
  } finally {
    await document.destroy();
  }
}
