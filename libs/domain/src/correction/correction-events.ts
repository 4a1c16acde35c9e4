import type { BusinessTime } from '../business-time/business-time';
import type { DomainEvent } from '../shared/decider';

/** A fix to an earlier event of the same stream: new values for some of its data fields, and why. */
export interface EventCorrectedData {
  readonly correctedEventId: string;
  readonly changes: Readonly<Record<string, unknown>>;
  /** Set when it is the business date that was wrong. */
  readonly occurredAt?: BusinessTime;
  readonly reason: string;
}

/** An earlier event that should not have been recorded at all (wrong council, duplicate entry...). */
export interface EventRetractedData {
  readonly retractedEventId: string;
  readonly reason: string;
}

export type CorrectionEvent = DomainEvent<'EventCorrected', EventCorrectedData> | DomainEvent<'EventRetracted', EventRetractedData>;

export interface CorrectEvent {
  readonly type: 'CorrectEvent';
  readonly eventId: string;
  readonly changes: Readonly<Record<string, unknown>>;
  /** The business date the corrected event should have had. */
  readonly newOccurredAt?: BusinessTime;
  readonly reason: string;
}

export interface RetractEvent {
  readonly type: 'RetractEvent';
  readonly eventId: string;
  readonly reason: string;
}

export type CorrectionCommand = CorrectEvent | RetractEvent;

export const CORRECTION_TYPES: readonly string[] = ['EventCorrected', 'EventRetracted'];

/** Corrections are decided on a stream's history, every other command on its state. */
export function isCorrectionCommand(command: { readonly type: string }): command is CorrectionCommand {
  return command.type === 'CorrectEvent' || command.type === 'RetractEvent';
}
