import { businessTimeProblems } from '../business-time/business-time';
import type { StoredDomainEvent } from '../shared/decider';
import { checkText } from '../shared/dates';
import { invalid, unknown } from '../shared/domain-error';
import { CORRECTION_TYPES, type CorrectionCommand, type CorrectionEvent } from './correction-events';

/** What a stream must remember of its events so that corrections can name them. */
export interface CorrectableEvents {
  /** eventId -> the data fields it holds, for every event that may still be corrected. */
  readonly fields: ReadonlyMap<string, readonly string[]>;
  readonly retracted: ReadonlySet<string>;
}

export const noCorrectableEvents: CorrectableEvents = { fields: new Map(), retracted: new Set() };

export function rememberEvent(known: CorrectableEvents, event: StoredDomainEvent): CorrectableEvents {
  if (event.type === 'EventRetracted') {
    const retracted = new Set(known.retracted);
    retracted.add((event.data as { retractedEventId: string }).retractedEventId);
    return { ...known, retracted };
  }
  if (CORRECTION_TYPES.includes(event.type)) return known;
  const fields = new Map(known.fields);
  fields.set(event.eventId, Object.keys((event.data ?? {}) as object));
  return { ...known, fields };
}

/** The shared rules of corrections: they name an existing, unretracted event of the same stream, and say why. */
export function decideCorrection(command: CorrectionCommand, known: CorrectableEvents): CorrectionEvent[] {
  checkText(command.reason, 'reason');
  const fields = known.fields.get(command.eventId);
  if (!fields) throw unknown('eventId', 'must name an event recorded earlier in this stream (corrections cannot be corrected)');
  if (known.retracted.has(command.eventId)) throw invalid('eventId', 'names an event that was retracted');
  if (command.type === 'RetractEvent') {
    return [{ type: 'EventRetracted', data: { retractedEventId: command.eventId, reason: command.reason } }];
  }
  const changed = Object.keys(command.changes ?? {});
  if (changed.length === 0 && !command.newOccurredAt) throw invalid('changes', 'must change at least one field, or newOccurredAt');
  for (const field of changed) {
    if (!fields.includes(field))
      throw invalid(`changes.${field}`, `is not a field of the corrected event (its fields: ${fields.join(', ')})`);
  }
  if (command.newOccurredAt) {
    const [problem] = businessTimeProblems(command.newOccurredAt, 'newOccurredAt');
    if (problem) throw invalid(problem.field, problem.rule);
  }
  return [
    {
      type: 'EventCorrected',
      data: {
        correctedEventId: command.eventId,
        changes: command.changes ?? {},
        ...(command.newOccurredAt ? { occurredAt: command.newOccurredAt } : {}),
        reason: command.reason,
      },
    },
  ];
}
