import type { SourceLine } from '../text/document-text';

/**
 * One fact read from a document: its value, how sure the reader is (0 to 1), and the page and line it came from.
 * `not found` and `ambiguous` carry no value: a person decides, nothing is guessed silently. `not judged` is a
 * judgement the document's framework did not make (Ofsted's conventions say so): there is nothing to find.
 */
export interface ExtractedField<T> {
  readonly status: 'found' | 'not found' | 'ambiguous' | 'not judged';
  readonly value: T | null;
  readonly confidence: number;
  readonly source: { readonly page: number; readonly line: number; readonly text: string } | null;
  readonly note?: string;
}

export function found<T>(value: T, confidence: number, line: SourceLine | null, note?: string): ExtractedField<T> {
  return {
    status: 'found',
    value,
    confidence,
    source: line ? { page: line.page, line: line.line, text: line.text } : null,
    ...(note ? { note } : {}),
  };
}

export function notFound<T>(note?: string): ExtractedField<T> {
  return { status: 'not found', value: null, confidence: 0, source: null, ...(note ? { note } : {}) };
}

export function ambiguous<T>(note: string, line: SourceLine | null = null): ExtractedField<T> {
  return {
    status: 'ambiguous',
    value: null,
    confidence: 0,
    source: line ? { page: line.page, line: line.line, text: line.text } : null,
    note,
  };
}

/** A judgement the framework did not make; the note says which and why, starting "not judged (...)". */
export function notJudged<T>(note: string): ExtractedField<T> {
  return { status: 'not judged', value: null, confidence: 1, source: null, note };
}
