const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)';

function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  return MONTHS.findIndex((m) => m.startsWith(lower.slice(0, 3))) + 1;
}

function iso(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  return date.toISOString().slice(0, 10);
}

/** "24 January 2017", "08 July 2019", "2 Sept 2018" -> ISO; null when not a real date. */
export function parseDate(text: string): string | null {
  const match = new RegExp(`^\\s*(\\d{1,2})(?:st|nd|rd|th)? ${MONTH},? (\\d{4})\\s*$`, 'i').exec(text);
  return match ? iso(Number(match[3]), monthNumber(match[2]), Number(match[1])) : null;
}

export const DATE_PATTERN = new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)? ${MONTH},? \\d{4}\\b`, 'i');

/**
 * Fieldwork spans as Ofsted has written them since 2013: "24 October 2016 to 17 November 2016", "2 May to 25 May
 * 2017", "16 January 2017-9 February 2017", "24 February - 20 March 2015", "10 to 14 June 2024", "4 and 5 September
 * 2018", "31 January and 1 February 2018", "22 November to 3 December 2021", or a single day.
 */
export function parseDateRange(text: string): { start: string; end: string } | null {
  const cleaned = text.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  const span = new RegExp(
    `^(\\d{1,2})(?:st|nd|rd|th)?(?: ${MONTH})?(?:,? (\\d{4}))? ?(?:to|-|and|until) ?(\\d{1,2})(?:st|nd|rd|th)? ${MONTH},? (\\d{4})$`,
    'i',
  ).exec(cleaned);
  if (span) {
    const [, d1, m1, y1, d2, m2, y2] = span;
    const endYear = Number(y2);
    const endMonth = monthNumber(m2);
    const startMonth = m1 ? monthNumber(m1) : endMonth;
    const startYear = y1 ? Number(y1) : startMonth > endMonth ? endYear - 1 : endYear;
    const start = iso(startYear, startMonth, Number(d1));
    const end = iso(endYear, endMonth, Number(d2));
    return start && end && start <= end ? { start, end } : null;
  }
  const single = parseDate(cleaned);
  if (single) return { start: single, end: single };
  return parseSplitRange(cleaned);
}

/**
 * Fieldwork in two parts, weeks apart ("7 to 11 March and 21 to 25 March 2022", "28 February to 4 March 2022 and 14
 * to 18 March 2022"): from the first part's start to the second's end, the first part taking the second's year when
 * it gives none.
 */
function parseSplitRange(text: string): { start: string; end: string } | null {
  const parts = /^(.+?(?:to|-).+?) and (.+?(?:to|-).+)$/i.exec(text);
  if (!parts) return null;
  const second = parseDateRange(parts[2]);
  if (!second) return null;
  const first = parseDateRange(/\d{4}$/.test(parts[1]) ? parts[1] : `${parts[1]} ${second.end.slice(0, 4)}`);
  return first && first.end <= second.start ? { start: first.start, end: second.end } : null;
}

/** Calendar days from start to end inclusive. */
export function spanDays(range: { start: string; end: string }): number {
  return Math.round((Date.parse(range.end) - Date.parse(range.start)) / 86_400_000) + 1;
}
