/** Why a file was refused before anything was drafted or recorded. Stable codes for the CLI and the API. */
export type ImportRefusalCode =
  'EMPTY_FILE' | 'FILE_TOO_LARGE' | 'NOT_A_PDF' | 'PDF_ENCRYPTED' | 'PDF_UNREADABLE' | 'NOT_AN_OFSTED_DOCUMENT';

export class ImportRefused extends Error {
  constructor(
    readonly code: ImportRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportRefused';
  }
}

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
