const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2017-03-14" as "14 March 2017", "2017-03" as "March 2017", "2017" as is: the GOV.UK style for dates. */
export function dateWords(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!match) return value;
  const [, year, month, day] = match;
  if (!month) return year;
  const name = MONTHS[Number(month) - 1] ?? month;
  return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
}

/** An instant as "14 March 2017 at 10:05 UTC": recording times are instants, and the log keeps them in UTC. */
export function instantWords(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const iso = date.toISOString();
  return `${dateWords(iso.slice(0, 10))} at ${iso.slice(11, 16)} UTC`;
}

/** "today", "1 day ago", "12 days ago": how long before `today` (a date) a date fell. */
export function daysAgo(days: unknown): string {
  if (typeof days !== 'number' || !Number.isFinite(days)) return '';
  if (days === 0) return 'today';
  if (days < 0) return `in ${-days} day${days === -1 ? '' : 's'}`;
  return `${days} day${days === 1 ? '' : 's'} ago`;
}
