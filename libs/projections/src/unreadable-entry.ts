import { bounds, parseEventData, type ParseContext, type Problem } from '@plan-ledger/domain';

/**
 * A stored event the views cannot fold, because its data (as corrected by the cut) or its business time does not
 * have the shape its type must have. It is set aside rather than folded, so that one bad legacy event cannot break a
 * council's whole view, and named, so that someone can correct or retract it.
 */
export interface UnreadableEntry {
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly problems: readonly Problem[];
}

/**
 * Reading asks only whether the data has its type's shape. "It must have happened by the day it is recorded" is a
 * rule for writing: checked again on reading, it would hide events the log rightly holds (rules tightened since, a
 * business date corrected later). Reading as if on the last day any date may take leaves that rule nothing to refuse
 * and keeps every other one.
 */
const READING: ParseContext = { recordedOn: bounds.LATEST_DATE };

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why an effective event's data cannot be folded; empty when it can. `stored` is the data as the log holds it
 * (upcast): when it is not even an object, that is the problem to name, not the fields the effective data then lacks.
 */
export function dataProblems(type: string, stored: unknown, effective: unknown): Problem[] {
  return parseEventData(type, isObject(stored) ? effective : stored, READING);
}
