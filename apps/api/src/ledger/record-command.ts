import { Command } from '@nestjs/cqrs';
import type { BusinessTime } from '@plan-ledger/domain';
import type { Actor, EventSource, RecordedEvent } from '@plan-ledger/event-store';
import type { StreamKind } from './stream-kinds';

export interface RecordOutcome {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly events: readonly RecordedEvent[];
  /** True when this commandId had already been recorded: nothing new was written. */
  readonly alreadyRecorded: boolean;
}

/** One domain command addressed to one stream, with everything the log records around it. */
export class RecordCommand extends Command<RecordOutcome> {
  constructor(
    readonly kind: StreamKind,
    /** la_code for an authority, the plan id for a plan. */
    readonly key: string,
    readonly command: { readonly type: string } & Record<string, unknown>,
    readonly occurredAt: BusinessTime,
    readonly actor: Actor,
    readonly options: { commandId?: string; expectedRevision?: bigint; source?: EventSource } = {},
  ) {
    super();
  }
}
