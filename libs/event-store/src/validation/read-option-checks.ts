import { InvalidReadOption } from '../errors/event-store-errors';
import type { RecordedUntil } from '../port/read-options';
import { toRecordedAt } from '../envelope/event-envelope';

/** The recordedUntil cut as stored text (ISO UTC, ms), so it compares with recordedAt directly. */
export function recordedUntilCut(value: RecordedUntil | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new InvalidReadOption('recordedUntil', 'must be a Date or an ISO 8601 date-time');
  }
  return toRecordedAt(date);
}

export function checkedMaxCount(value: number | undefined): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(value) || value < 1) throw new InvalidReadOption('maxCount', 'must be a whole number of at least 1');
  return value;
}

export function checkedPosition(field: string, value: unknown): void {
  if (value === 'start' || value === 'end' || value === undefined) return;
  if (typeof value !== 'bigint' || value < 0n) throw new InvalidReadOption(field, "must be 'start', 'end' or a bigint >= 0");
}
