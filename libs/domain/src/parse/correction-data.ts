import type { CorrectEvent, EventCorrectedData, EventRetractedData, RetractEvent } from '../correction/correction-events';
import { businessTime } from './business-time';
import { fieldChanges } from './json-record';
import { object } from './object';
import { optional } from './optional';
import { fieldPath, report, type Schema } from './schema';
import { id, longText } from './text';

/**
 * CorrectEvent without its type. `changes` is only checked for being field names and JSON here; its values are checked
 * against the corrected event's own schema (parseEventData) once the event is known.
 */
export const correctEvent: Schema<Omit<CorrectEvent, 'type'>> = object<Omit<CorrectEvent, 'type'>>(
  'CorrectEvent',
  { eventId: id(), changes: fieldChanges(), newOccurredAt: optional(businessTime('happened')), reason: longText() },
  (parsed, given, path, scope) => {
    if (parsed.changes !== undefined && Object.keys(parsed.changes).length === 0 && !given.has('newOccurredAt')) {
      report(scope, fieldPath(path, 'changes'), 'must change at least one field, or give newOccurredAt');
    }
  },
);

export const retractEvent: Schema<Omit<RetractEvent, 'type'>> = object<Omit<RetractEvent, 'type'>>('RetractEvent', {
  eventId: id(),
  reason: longText(),
});

/**
 * The data of a recorded correction, as a correction of it would leave it: the same rules as the command that made it
 * (a correction of a correction may change its changes, business date or reason, and must leave them valid).
 */
export const eventCorrectedData: Schema<EventCorrectedData> = object<EventCorrectedData>(
  'EventCorrected',
  { correctedEventId: id(), changes: fieldChanges(), occurredAt: optional(businessTime('happened')), reason: longText() },
  (parsed, given, path, scope) => {
    if (parsed.changes !== undefined && Object.keys(parsed.changes).length === 0 && !given.has('occurredAt')) {
      report(scope, fieldPath(path, 'changes'), 'must change at least one field, or give occurredAt');
    }
  },
);

export const eventRetractedData: Schema<EventRetractedData> = object<EventRetractedData>('EventRetracted', {
  retractedEventId: id(),
  reason: longText(),
});
