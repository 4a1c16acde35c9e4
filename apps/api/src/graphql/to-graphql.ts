import type { RecordedEvent } from '@plan-ledger/event-store';
import type { RecordOutcome } from '../ledger/record-command';
import type { ResolvedCut } from '../ledger/ledger-reader';
import type { CutType, RecordedEventType, RecordResultType } from './types/ledger-types';
import type { HistoryEventType } from './types/plan-types';

/** What every GraphQL view of a stored event shows. GraphQL has no 64-bit integer: revisions and positions are strings. */
function storedEventFields(event: RecordedEvent) {
  return {
    eventId: event.eventId,
    revision: event.revision.toString(),
    position: event.position.toString(),
    type: event.type,
    data: event.data,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    commandId: event.metadata.commandId ?? null,
  };
}

export function recordedEventToGraphql(event: RecordedEvent): RecordedEventType {
  return {
    ...storedEventFields(event),
    streamId: event.streamId,
    actor: event.metadata.actor,
    source: event.metadata.source ?? null,
    schemaVersion: event.metadata.schemaVersion,
  };
}

export function recordResultToGraphql(outcome: RecordOutcome): RecordResultType {
  return {
    streamId: outcome.streamId,
    revision: outcome.revision.toString(),
    position: outcome.position.toString(),
    alreadyRecorded: outcome.alreadyRecorded,
    events: outcome.events.map(recordedEventToGraphql),
  };
}

export function cutToGraphql(cut: ResolvedCut): CutType {
  return {
    knownAt: cut.knownAt,
    asOf: cut.asOf ?? null,
    headPosition: cut.headPosition.toString(),
    recordedUntil: cut.recordedUntil,
    answeredFrom: cut.answeredFrom ?? 'fold',
    readModelPosition: cut.readModel ? cut.readModel.position.toString() : null,
    readModelBehind: cut.readModel ? cut.readModel.eventsBehind : null,
  };
}

/** An event exactly as stored, flattened for the history query, with the corrections and retractions naming it. */
export function historyEventToGraphql(event: RecordedEvent, correctedBy: readonly string[]): HistoryEventType {
  const names = event.data.correctedEventId ?? event.data.retractedEventId;
  return {
    ...storedEventFields(event),
    actorId: event.metadata.actor.id,
    actorRole: event.metadata.actor.role,
    actor: event.metadata.actor,
    corrects: typeof names === 'string' ? names : null,
    correctedBy,
  };
}
