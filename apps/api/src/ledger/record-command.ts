import { Command } from '@nestjs/cqrs';
import { STREAMS, type BusinessTime, type StreamKind, type StreamTypes } from '@plan-ledger/domain';
import type { EventSource, RecordedEvent } from '@plan-ledger/event-store';
import type { Principal } from '../access/principal';

export interface RecordOutcome {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly events: readonly RecordedEvent[];
  /** True when this commandId had already been recorded: nothing new was written. */
  readonly alreadyRecorded: boolean;
}

export interface RecordOptions {
  readonly commandId?: string;
  readonly expectedRevision?: bigint;
  readonly source?: EventSource;
  /** The client gave no occurredAt and the day of recording was used; an idempotent retry need not repeat it. */
  readonly occurredAtDefaulted?: boolean;
}

/**
 * One domain command addressed to one stream, with everything the log records around it. Generic over the kind of
 * stream, so an authority command cannot be sent to a plan and a misspelt command type does not compile.
 */
export class RecordCommand<K extends StreamKind = StreamKind> extends Command<RecordOutcome> {
  constructor(
    readonly kind: K,
    /** la_code for an authority, the plan id for a plan. */
    readonly key: string,
    readonly command: StreamTypes[K]['command'],
    readonly occurredAt: BusinessTime,
    /** Who asks: the handler checks their roles against the command and its council, and records them as the actor. */
    readonly principal: Principal,
    readonly options: RecordOptions = {},
  ) {
    super();
  }

  is<Kind extends StreamKind>(kind: Kind): this is RecordCommand<Kind> {
    return (this.kind as StreamKind) === kind;
  }
}

/**
 * A RecordCommand from raw input (an importer's draft, the demo data, a form): the stream kind's one parse in the
 * domain turns it into a typed command or refuses it with every problem named. Nothing else builds one from raw input.
 */
export function parseRecordCommand(
  kind: StreamKind,
  key: string,
  input: unknown,
  recordedOn: string,
  occurredAt: BusinessTime,
  principal: Principal,
  options: RecordOptions = {},
): RecordCommand {
  if (kind === 'authority')
    return new RecordCommand(kind, key, STREAMS.authority.parse(input, { recordedOn }), occurredAt, principal, options);
  return new RecordCommand(kind, key, STREAMS.plan.parse(input, { recordedOn }), occurredAt, principal, options);
}
