import { v4 as uuidv4 } from 'uuid';
import type { EventStore, EventToAppend, JsonObject, RecordedEvent } from '@plan-ledger/event-store';

export const boardMember = { id: 'user-jane', role: 'board-member' };

/** A plausible plan event; override anything. */
export function anEvent(overrides: Partial<EventToAppend> & { data?: JsonObject } = {}): EventToAppend {
  return {
    type: 'PrioritySet',
    data: { priorityId: 'p1', title: 'Family front door', order: 1 },
    metadata: { occurredAt: { from: '2017-06', precision: 'month', label: 'June 2017' }, actor: boardMember },
    ...overrides,
  };
}

export function withId(event: EventToAppend = anEvent()): EventToAppend {
  return { ...event, eventId: uuidv4() };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** A stream prefix no other test (or earlier run against a shared server) uses. */
export function uniquePrefix(): string {
  return `t${uuidv4().replace(/-/g, '').slice(0, 12)}-`;
}

export async function eventsUnder(store: EventStore, prefix: string, options: { recordedUntil?: string } = {}): Promise<RecordedEvent[]> {
  return collect(store.readAll({ streamPrefix: prefix, ...options }));
}
