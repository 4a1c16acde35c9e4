import { contentOf } from '../envelope/event-envelope';
import { DuplicateEventId } from '../errors/event-store-errors';
import type { AppendResult } from '../port/append-result';
import type { ExpectedRevision } from '../port/expected-revision';
import type { RecordedEvent } from '../port/recorded-event';
import type { PreparedEvent } from '../validation/prepared-event';

/**
 * The idempotency rule, shared by every adapter. An append whose event ids are already stored is a
 * retry, and gets the original result with nothing stored, only when every one of its events is
 * stored, in the same stream, at consecutive revisions in the same order, with the same content
 * (type, data, metadata), at the place the writer's expectedRevision points to. Anything else that
 * reuses a stored id is a DuplicateEventId: two different facts may not share an identity.
 *
 * @param stored the stored event with each prepared event's id, or undefined where there is none.
 */
export function replayOfStoredAppend(
  streamId: string,
  events: readonly PreparedEvent[],
  expected: ExpectedRevision,
  stored: readonly (RecordedEvent | undefined)[],
): AppendResult {
  const firstStored = stored.findIndex((event) => event !== undefined);
  const recorded: RecordedEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = stored[i];
    const id = events[i].eventId;
    if (!event) throw new DuplicateEventId(events[firstStored].eventId, 'it was stored by an append that held other events');
    if (event.streamId !== streamId) throw new DuplicateEventId(id, `it is stored in stream ${event.streamId}`);
    if (event.revision !== stored[0]!.revision + BigInt(i)) throw new DuplicateEventId(id, 'it was stored in another batch or order');
    if (contentOf(event) !== contentOf(events[i])) throw new DuplicateEventId(id, 'it is stored with different content');
    recorded.push(event);
  }
  const firstRevision = recorded[0].revision;
  const samePlace = expected === 'no_stream' ? firstRevision === 0n : typeof expected === 'bigint' ? firstRevision === expected + 1n : true;
  if (!samePlace) {
    throw new DuplicateEventId(events[0].eventId, `it is stored at revision ${firstRevision}, not after the expected revision`);
  }
  const last = recorded[recorded.length - 1];
  return { streamId, nextExpectedRevision: last.revision, position: last.position, events: recorded, alreadyRecorded: true };
}
