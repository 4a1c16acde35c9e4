import type { BusinessTime } from '../business-time/business-time';

/**
 * An event as read back from a stream, before corrections are applied: what the domain needs of the log.
 * `recordedAt` (ISO instant) lets rules that bound dates by the day of recording be checked again on replay.
 */
export interface HistoryEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly recordedAt?: string;
  readonly occurredAt?: BusinessTime;
}
