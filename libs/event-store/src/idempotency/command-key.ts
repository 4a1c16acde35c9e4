import { validate as isUuid } from 'uuid';
import { contentOf } from '../envelope/event-envelope';
import { DuplicateCommandId, InvalidEvent } from '../errors/event-store-errors';
import type { AppendIdempotency, AppendResult } from '../port/append-result';
import type { ExpectedRevision } from '../port/expected-revision';
import type { RecordedEvent } from '../port/recorded-event';
import type { PreparedEvent } from '../validation/prepared-event';
import type { ValidationProblem } from '../validation/validation-problem';

/** The identity of a command's append: its sender and the sender's idempotency key. */
export interface CommandKey {
  readonly actorId: string;
  readonly commandId: string;
  readonly formerEventIds: readonly string[];
}

/**
 * The key an append is recorded under, checked against its (already validated) events: each carries the commandId,
 * all by one actor, and former ids, when given, are one UUID per event.
 * @throws InvalidEvent naming every problem
 */
export function commandKeyOf(events: readonly PreparedEvent[], idempotency: AppendIdempotency | undefined): CommandKey | undefined {
  if (idempotency === undefined) return undefined;
  const { commandId, formerEventIds = [] } = idempotency;
  const actorId = events[0].metadata.actor.id;
  const problems: ValidationProblem[] = [];
  if (typeof commandId !== 'string' || commandId.length === 0) {
    problems.push({ field: 'idempotency.commandId', rule: 'must be non-empty text' });
  }
  events.forEach((event, index) => {
    if (event.metadata.commandId !== commandId)
      problems.push({ field: `events[${index}].metadata.commandId`, rule: 'must be the idempotency commandId of its append' });
    if (event.metadata.actor.id !== actorId)
      problems.push({ field: `events[${index}].metadata.actor.id`, rule: 'must be the same for every event of a command' });
  });
  if (formerEventIds.length > 0 && (formerEventIds.length !== events.length || !formerEventIds.every((id) => isUuid(id)))) {
    problems.push({ field: 'idempotency.formerEventIds', rule: 'must hold one UUID per event' });
  }
  if (problems.length > 0) throw new InvalidEvent(problems);
  return { actorId, commandId, formerEventIds: formerEventIds.map((id) => id.toLowerCase()) };
}

/**
 * The rule for a command already recorded, shared by every adapter: the append is a retry, and gets the original
 * result with nothing stored, only when it is the very append the command recorded (same stream, the same number of
 * events with the same content, in order) at the place the writer's expectedRevision points to. Anything else under
 * the same command is refused: one command, one record.
 *
 * @param stored the events the command recorded, in revision order (never empty).
 * @throws DuplicateCommandId
 */
export function replayOfCommand(
  streamId: string,
  events: readonly PreparedEvent[],
  expected: ExpectedRevision,
  stored: readonly RecordedEvent[],
  key: CommandKey,
): AppendResult {
  const first = stored[0];
  const refuse = (reason: string) => new DuplicateCommandId(key.commandId, first.eventId, reason);
  if (first.streamId !== streamId) throw refuse(`${first.type} was recorded for it in stream ${first.streamId}`);
  if (stored.length !== events.length || events.some((event, i) => contentOf(event) !== contentOf(stored[i]))) {
    throw refuse(`${first.type} was recorded for it in stream ${first.streamId}, with other content`);
  }
  const samePlace =
    expected === 'no_stream' ? first.revision === 0n : typeof expected === 'bigint' ? first.revision === expected + 1n : true;
  if (!samePlace) throw refuse(`it is recorded at revision ${first.revision}, not after the expected revision`);
  const last = stored[stored.length - 1];
  return { streamId, nextExpectedRevision: last.revision, position: last.position, events: stored, alreadyRecorded: true };
}
