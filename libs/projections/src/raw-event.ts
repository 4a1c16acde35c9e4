import type { RecordedEvent } from '@plan-ledger/event-store';

/**
 * A text field of an event as the log holds it (before upcasting and corrections), or undefined when the event has
 * no such text: read without trusting the type, since the log may hold legacy data of any shape.
 */
export function rawText(event: RecordedEvent, field: string): string | undefined {
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const value = event.data[field];
  return typeof value === 'string' ? value : undefined;
}

/** The council a PlanCreated event says the plan is for; undefined for any other event. */
export function planOwner(event: RecordedEvent): string | undefined {
  return event.type === 'PlanCreated' ? rawText(event, 'laCode') : undefined;
}
