import type { BusinessTime } from '@plan-ledger/domain';
import type { Actor, EventSource, JsonObject } from '@plan-ledger/event-store';

/** A correction applied to an entry, kept so every view can say what changed, when and by whom. */
export interface AppliedCorrection {
  readonly eventId: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly reason: string;
  readonly changes: JsonObject;
  readonly occurredAt?: BusinessTime;
}

/** An event as the views see it: upcast, with every correction recorded by the cut applied. */
export interface LedgerEntry {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: string;
  readonly data: JsonObject;
  readonly occurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly source?: EventSource;
  readonly corrections: readonly AppliedCorrection[];
  /** True when, as of the cut's asOf, the event's span had started but may not have happened yet. */
  readonly uncertain: boolean;
}
