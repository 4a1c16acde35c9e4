import type { SourceLine } from '../text/document-text';
import { found, notFound, type ExtractedField } from './extracted-field';

/**
 * Ofsted publishes a report 0 to 7 days after its PDF is made (median 1 day, over 48 reports scored against the
 * national data-set): the creation date bounds the publication date without fixing it.
 */
export const PUBLISHED_WITHIN_DAYS_OF_CREATION = 7;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** An ISO date, or an ISO interval "from/to" of dates. */
export function isWithin(date: string, dateOrSpan: string): boolean {
  const [from, to = from] = dateOrSpan.split('/');
  return date >= from && date <= to;
}

/**
 * When the document was published: exactly, when it says so; else as a span (ISO interval `from/to`) from its PDF's
 * creation date, narrowed to the file name's date when that falls inside the span (the name Ofsted's site gives its
 * files carries the publication date); else the file name's date alone, as a guess to check.
 */
export function publicationDate(options: {
  stated?: { date: string; line: SourceLine };
  createdOn?: string;
  fileName?: string;
}): ExtractedField<string> {
  const { stated, createdOn, fileName } = options;
  if (stated) return found(stated.date, 0.97, stated.line, 'stated in the document');
  const named = fileName ? /(?:^|[^\d])(\d{4}-\d{2}-\d{2})(?:[^\d]|$)/.exec(fileName)?.[1] : undefined;
  if (createdOn) {
    const span = `${createdOn}/${addDays(createdOn, PUBLISHED_WITHIN_DAYS_OF_CREATION)}`;
    if (named && isWithin(named, span))
      return found(named, 0.85, null, `from the file name, within ${span} (the PDF was created on ${createdOn})`);
    return found(
      span,
      0.9,
      null,
      `the document does not state it; its PDF was created on ${createdOn}, and Ofsted publishes 0 to ${PUBLISHED_WITHIN_DAYS_OF_CREATION} days after` +
        (named ? ` (the file name's ${named} falls outside that)` : ''),
    );
  }
  if (named) return found(named, 0.5, null, "from the file name: check it against Ofsted's website");
  return notFound('the document does not state it and carries no creation date');
}
