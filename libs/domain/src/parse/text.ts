import { BIDI_CONTROLS, MAX_ID_LENGTH, MAX_LONG_TEXT_LENGTH, MAX_SHORT_TEXT_LENGTH } from './bounds';
import { report, type Schema } from './schema';

export interface TextOptions {
  /** Most characters (code points) once trimmed. */
  readonly max: number;
  /** Long text may hold tab and newline; nothing else may hold any control character. */
  readonly multiline?: boolean;
  /** A format the trimmed text must match, and how to say it. */
  readonly pattern?: { readonly test: RegExp; readonly rule: string };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_TAB_AND_NEWLINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const BIDI = new RegExp(`[${BIDI_CONTROLS.join('')}]`);
// Zero-width spaces and joiners, soft hyphens and the like: invisible, so two ids or names could look the same.
const FORMAT = /\p{Cf}/u;

function codePoint(match: string): string {
  return `U+${match.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** Text, trimmed, not empty, within its length, with no control characters or bidirectional controls. */
export function text(options: TextOptions): Schema<string> {
  const control = options.multiline ? CONTROL_BUT_TAB_AND_NEWLINE : CONTROL;
  const controlRule = options.multiline
    ? 'must not contain control characters other than tab and newline'
    : 'must not contain control characters, tab and newline included';
  return (value, path, scope) => {
    if (typeof value !== 'string') return report(scope, path, 'must be text');
    const trimmed = value.trim();
    const length = countCodePoints(trimmed);
    if (length > options.max) {
      return report(
        scope,
        path,
        `must be at most ${options.max.toLocaleString('en-GB')} characters (has ${length.toLocaleString('en-GB')})`,
      );
    }
    if (trimmed === '') return report(scope, path, 'must not be empty');
    if (LONE_SURROGATE.test(trimmed)) return report(scope, path, 'must be well-formed Unicode (it holds a lone surrogate)');
    const controlFound = control.exec(trimmed);
    if (controlFound) return report(scope, path, `${controlRule} (found ${codePoint(controlFound[0])})`);
    const bidiFound = BIDI.exec(trimmed);
    if (bidiFound) {
      return report(scope, path, `must not contain Unicode bidirectional controls (found ${codePoint(bidiFound[0])})`);
    }
    const formatFound = options.multiline ? null : FORMAT.exec(trimmed);
    if (formatFound) {
      return report(scope, path, `must not contain invisible format characters (found ${codePoint(formatFound[0])})`);
    }
    if (options.pattern && !options.pattern.test.test(trimmed)) return report(scope, path, options.pattern.rule);
    return trimmed;
  };
}

/** An id: at most 100 characters, one line. */
export const id = (pattern?: TextOptions['pattern']): Schema<string> => text({ max: MAX_ID_LENGTH, pattern });

/** A name, title or other short field: at most 200 characters, one line. */
export const shortText = (pattern?: TextOptions['pattern']): Schema<string> => text({ max: MAX_SHORT_TEXT_LENGTH, pattern });

/** A description, evidence, summary, reason, note or list item: at most 5,000 characters, tab and newline allowed. */
export const longText = (): Schema<string> => text({ max: MAX_LONG_TEXT_LENGTH, multiline: true });
