import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { BusinessTime, StreamKind, StreamTypes } from '@plan-ledger/domain';
import type { Clock } from '@plan-ledger/event-store';
import type { LedgerConfig } from '../config/ledger-config';
import { CLOCK, LEDGER_CONFIG } from '../event-store/event-store.tokens';
import type { Principal } from '../access/principal';
import { parseRecordCommand } from '../ledger/record-command';
import type { CommandInput } from './inputs/common-inputs';
import { recordResultToGraphql } from './to-graphql';
import type { RecordResultType } from './types/ledger-types';

const ENVELOPE_FIELDS = new Set(['commandId', 'expectedRevision', 'source', 'occurredAt']);

/** Turns a validated mutation input into a RecordCommand on the CommandBus. */
@Injectable()
export class CommandRecorder {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /**
   * @param keyField the input field that names the stream (laCode or planId); it stays in the command's data
   *   only when `keepKey` (registering an authority, creating a plan).
   */
  async record<K extends StreamKind>(
    principal: Principal,
    kind: K,
    type: StreamTypes[K]['command']['type'],
    input: CommandInput & { occurredAt?: BusinessTime },
    key: string,
    omit: readonly string[] = [],
    /** Data fields an input cannot carry under their own name (AttachSource's `source`, which is the envelope's name). */
    renamed: Readonly<Record<string, unknown>> = {},
  ): Promise<RecordResultType> {
    // Plain JSON only: the log refuses class instances, and undefined fields must not reach it.
    const plain = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
    const data = {
      ...Object.fromEntries(Object.entries(plain).filter(([field]) => !ENVELOPE_FIELDS.has(field) && !omit.includes(field))),
      ...(JSON.parse(JSON.stringify(renamed)) as Record<string, unknown>),
    };
    const occurredAt: BusinessTime = plain.occurredAt
      ? (plain.occurredAt as BusinessTime)
      : { from: this.clock.now().toISOString().slice(0, 10), precision: 'day' };
    const recordedOn = this.clock.now().toISOString().slice(0, 10);
    const outcome = await this.commandBus.execute(
      parseRecordCommand(kind, key, { type, ...data }, recordedOn, occurredAt, principal, {
        commandId: input.commandId,
        expectedRevision: input.expectedRevision === undefined ? undefined : BigInt(input.expectedRevision),
        source: plain.source as { title: string } | undefined,
        // A defaulted business date is not part of what the client asked for: a retry on a later day is the same command.
        occurredAtDefaulted: !plain.occurredAt,
      }),
    );
    return recordResultToGraphql(outcome);
  }
}
