export {
  DocumentTimeout,
  DocumentTooComplex,
  ImportRefused,
  MAX_IMPORT_BYTES,
  type DocumentLimit,
  type ImportRefusalCode,
} from './import-refused';
export { DEFAULT_DOCUMENT_LIMITS, DOCUMENT_LIMIT_VARIABLES, documentLimitsFromEnv, type DocumentLimits } from './text/document-limits';
export { plainText, normaliseLine, pdfDateDay, type DocumentInfo, type DocumentText, type SourceLine } from './text/document-text';
export { closeSharedPdfReaders, pdfText, PdfReaders, sharedPdfReaders } from './text/pdf-readers';
export { HEAD_PAGES, ILACS_HEAD_PAGES, opensWithIlacsTable, pagesToRead, recommendationsRead, TAIL_PAGES } from './text/pdf-text';
export { recogniseDocument, type DocumentKind, type Recognition } from './recognise/document-kind';
export { allAuthorities, authorityByCode, authoritiesNamedIn, type RegisteredAuthority } from './registry/authority-registry';
export { parseDate, parseDateRange } from './extract/dates';
export type { ExtractedField } from './extract/extracted-field';
export { readDocument, type DocumentReading } from './extract/read-document';
export { isWithin, publicationDate, PUBLISHED_WITHIN_DAYS_OF_CREATION } from './extract/publication-date';
export { shortTheme } from './extract/theme';
export type { AreaJudgementField } from './extract/judgements';
export {
  convention,
  FRAMEWORKS,
  PRE_DATES_JUDGEMENT,
  type FrameworkConvention,
  type FrameworkPeriod,
  type Grade,
  type JudgementMade,
  type SummaryArea,
} from './conventions/frameworks';
export { summarise, type ImportSummary } from './draft/import-summary';
export { draftImport, type ImportDraft, type DraftCommand, type DraftOptions } from './draft/import-draft';
