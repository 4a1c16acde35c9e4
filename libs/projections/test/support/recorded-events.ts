import { currentSchemaVersion, type BusinessTime } from '@plan-ledger/domain';
import type { JsonObject, RecordedEvent } from '@plan-ledger/event-store';

/** One event as a test gives it: what the log would hold, with defaults for everything the test does not care about. */
export interface Given {
  readonly type: string;
  readonly data: JsonObject;
  readonly id?: string;
  readonly occurredAt?: BusinessTime;
  readonly actor?: string;
  /** Default: the version new events of the type are written at. */
  readonly schemaVersion?: number;
}

const DAY: BusinessTime = { from: '2017-06-01', precision: 'day' };

/**
 * A stream's events as the log returns them: revisions from 0, positions from `firstPosition`, recorded a minute
 * apart from `firstRecordedAt`, so tests can name any of them by id or by instant.
 */
export function stream(
  streamId: string,
  given: readonly Given[],
  { firstPosition = 1, firstRecordedAt = '2020-01-01T10:00:00.000Z' }: { firstPosition?: number; firstRecordedAt?: string } = {},
): RecordedEvent[] {
  const start = Date.parse(firstRecordedAt);
  return given.map((event, index) => ({
    eventId: event.id ?? `${streamId}#${index}`,
    streamId,
    revision: BigInt(index),
    position: BigInt(firstPosition + index),
    type: event.type,
    data: event.data,
    metadata: {
      occurredAt: event.occurredAt ?? DAY,
      actor: { id: event.actor ?? 'clerk', role: 'test' },
      schemaVersion: event.schemaVersion ?? currentSchemaVersion(event.type),
    },
    recordedAt: new Date(start + index * 60_000).toISOString(),
    canonical: Buffer.alloc(0),
  }));
}

/** A correction of `eventId`, as the log holds it. */
export function correction(eventId: string, changes: JsonObject, reason: string, actor = 'editor'): Given {
  return { type: 'EventCorrected', data: { correctedEventId: eventId, changes, reason }, actor };
}

/** Data that is not an object at all, as an old importer once wrote: only JSON.parse can give the log's type to it. */
export function notAnObject(text: string): JsonObject {
  const parsed: JsonObject = JSON.parse(JSON.stringify(text));
  return parsed;
}
