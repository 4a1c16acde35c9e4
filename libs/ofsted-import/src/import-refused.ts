/** Why a file was refused before anything was drafted or recorded. Stable codes for the CLI and the API. */
export type ImportRefusalCode =
  | 'EMPTY_FILE'
  | 'FILE_TOO_LARGE'
  | 'NOT_A_PDF'
  | 'PDF_ENCRYPTED'
  | 'PDF_UNREADABLE'
  | 'NOT_AN_OFSTED_DOCUMENT'
  | 'DOCUMENT_TOO_COMPLEX'
  | 'DOCUMENT_TIMEOUT'
  | 'IMPORTS_BUSY';

export class ImportRefused extends Error {
  constructor(
    readonly code: ImportRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportRefused';
  }
}

/** Which bound a document broke: a report Ofsted publishes is far inside every one of them. */
export type DocumentLimit = 'pages' | 'inflated streams' | 'text' | 'memory';

/** The document would take more reading than any real report: pages, inflated streams, text or memory. */
export class DocumentTooComplex extends ImportRefused {
  constructor(
    readonly limit: DocumentLimit,
    message: string,
  ) {
    super('DOCUMENT_TOO_COMPLEX', message);
    this.name = 'DocumentTooComplex';
  }
}

/** Reading the document took longer than it may; its reader was stopped. */
export class DocumentTimeout extends ImportRefused {
  constructor(readonly timeoutMs: number) {
    super(
      'DOCUMENT_TIMEOUT',
      `reading the PDF took longer than ${timeoutMs / 1000} s and was stopped; Ofsted's reports take about a second`,
    );
    this.name = 'DocumentTimeout';
  }
}

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
