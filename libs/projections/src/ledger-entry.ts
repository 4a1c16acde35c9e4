import type { AuthorityEvent, BusinessTime, CorrectionEvent, DomainEvent, PlanEvent } from '@plan-ledger/domain';
import type { Actor, EventSource, JsonObject } from '@plan-ledger/event-store';

/** A correction applied to an entry, kept so every view can say what changed, from what, when and by whom. */
export interface AppliedCorrection {
  readonly eventId: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly reason: string;
  /** The corrected fields' values just before this correction; null for a field that was absent. */
  readonly from: JsonObject;
  readonly changes: JsonObject;
  readonly occurredAt?: BusinessTime;
}

/**
 * The events views fold: every event of either stream but corrections and retractions, which are applied to the
 * entries they name rather than shown as entries of their own.
 */
export type FactEvent = Exclude<AuthorityEvent | PlanEvent, CorrectionEvent>;
export type FactEventType = FactEvent['type'];

/** What every entry carries besides its type and data. */
export interface EntryBase {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly occurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly source?: EventSource;
  readonly corrections: readonly AppliedCorrection[];
  /** True when, as of the cut's asOf, the event's span had started but may not have happened yet. */
  readonly uncertain: boolean;
}

// Distributes over the union, so that testing `type` narrows `data` to that event's data.
type TypedEntry<E> = E extends DomainEvent<infer Type, infer Data> ? EntryBase & { readonly type: Type; readonly data: Data } : never;

/**
 * An event as the views see it: upcast, with every correction recorded by the cut applied, and its data known to
 * have its type's shape (entries whose data does not are set aside as unreadable before any view sees them).
 */
export type LedgerEntry = TypedEntry<FactEvent>;

/** The entry of one event type: `LedgerEntryOf<'PrioritySet'>['data']` is PrioritySetData. */
export type LedgerEntryOf<Type extends FactEventType> = Extract<LedgerEntry, { readonly type: Type }>;

/** A guard for `find` and `filter`: `entries.find(isEntryOf('PlanCreated'))?.data.planId` is typed. */
export function isEntryOf<Type extends FactEventType>(type: Type): (entry: LedgerEntry) => entry is LedgerEntryOf<Type> {
  return (entry): entry is LedgerEntryOf<Type> => entry.type === type;
}
