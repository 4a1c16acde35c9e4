/**
 * What a form recorded, carried to the page it sends the browser to as `?recorded=`, so that page can say so in a
 * GOV.UK success banner (views/forms/recorded-banner.njk). Only these words are ever shown: the query names one.
 */
export const RECORDED_NOTICES = {
  grade: 'The grade was recorded.',
  'board-meeting': 'The board meeting was recorded.',
  action: 'The action was added.',
  're-date': 'The action was re-dated.',
  correction: 'The correction was recorded.',
  retraction: 'The entry was retracted.',
  import: 'The report was recorded.',
  'import-already': 'The report was already on record: nothing more was recorded.',
} as const;

export type RecordedNotice = keyof typeof RECORDED_NOTICES;

export function recordedAt(path: string, notice: RecordedNotice): string {
  return `${path}?recorded=${notice}`;
}

/** The banner's words for a page's `recorded` query field, or null. */
export function recordedNoticeOf(query: unknown): string | null {
  const recorded = (query ?? {}) as Record<string, unknown>;
  const notice = recorded.recorded;
  return typeof notice === 'string' && Object.hasOwn(RECORDED_NOTICES, notice) ? RECORDED_NOTICES[notice as RecordedNotice] : null;
}
