import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import {
  authorityStream,
  currentSchemaVersion,
  decideOnHistory,
  effectiveHistory,
  parseBusinessTime,
  planStream,
  stateOf,
  upcast,
  type AuthorityFacts,
  type DomainEvent,
  type HistoryEvent,
  type PlanCommand,
  type PlanDecisionContext,
} from '@plan-ledger/domain';
import {
  canonicalText,
  DuplicateEventId,
  StreamNotFound,
  WrongExpectedRevision,
  type EventStore,
  type JsonObject,
  type JsonValue,
  type Clock,
  type RecordedEvent,
} from '@plan-ledger/event-store';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { IdempotencyKeyReused } from '../errors/idempotency-key-reused';
import { CLOCK, EVENT_STORE } from '../event-store/event-store.tokens';
import { LedgerEventRecorded } from './ledger-event-recorded';
import { RecordCommand, type RecordOutcome } from './record-command';

/** Namespace for event ids derived from command ids, so a retried command proposes the very same events. */
const COMMAND_EVENT_NAMESPACE = '6f1c7a52-2f4e-4d8a-9b1e-3c5d7e9f0a21';

/**
 * command -> decide -> append -> publish. Loads the stream, refuses or decides, and appends at the revision it
 * read, so a writer that lost a race gets WrongExpectedRevision instead of overwriting what it never saw.
 */
@CommandHandler(RecordCommand)
export class RecordCommandHandler implements ICommandHandler<RecordCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly eventBus: EventBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(record: RecordCommand): Promise<RecordOutcome> {
    const streamId = (record.is('authority') ? authorityStream : planStream).streamId(record.key);
    const history = await this.history(streamId);
    const revision = history.length > 0 ? history[history.length - 1].revision : undefined;
    const { commandId, expectedRevision, source } = record.options;

    const commandDigest = commandId ? digestOf(record) : undefined;
    if (commandId) {
      const earlier = history.filter((event) => event.metadata.commandId === commandId);
      if (earlier.length > 0) {
        const difference = differenceFrom(earlier[0], record, commandDigest!);
        if (difference) throw new IdempotencyKeyReused(commandId, streamId, difference);
        return this.outcome(streamId, earlier, true);
      }
    }
    if (expectedRevision !== undefined && expectedRevision !== revision) {
      throw new WrongExpectedRevision(streamId, expectedRevision, revision ?? 'no_stream');
    }

    const decided = await this.decide(record, history.map(toHistoryEvent));
    const correlationId = commandId ?? uuidv7();
    const idScope = commandId && this.eventIdScope(streamId, commandId);
    const appended = this.store.append(
      streamId,
      decided.map((event, index) => ({
        ...(idScope ? { eventId: uuidv5(`${idScope}/${index}`, COMMAND_EVENT_NAMESPACE) } : {}),
        type: event.type,
        data: event.data as JsonObject,
        metadata: {
          occurredAt: record.occurredAt,
          actor: record.actor,
          correlationId,
          ...(commandId ? { commandId, commandDigest, causationId: commandId } : {}),
          ...(source ? { source } : {}),
          schemaVersion: currentSchemaVersion(event.type),
        },
      })),
      { expectedRevision: revision ?? 'no_stream' },
    );
    const result = await appended.catch((error: unknown) => {
      // Ids derived from the commandId are already stored, and not by this very command (an identical retry, even
      // one racing this request, gets the first result back from the store instead of an error).
      if (commandId && error instanceof DuplicateEventId) throw new IdempotencyKeyReused(commandId, streamId, error.reason);
      throw error;
    });
    if (!result.alreadyRecorded) this.eventBus.publishAll(result.events.map((event) => new LedgerEventRecorded(event)));
    return this.outcome(streamId, result.events, result.alreadyRecorded);
  }

  /**
   * What a command's event ids are derived from. On SQLite event ids are unique across the whole log, so ids derived
   * from the commandId alone make the store refuse (DuplicateEventId) a key reused on another stream, even by a
   * concurrent request. EventStoreDB only keeps event ids unique within a stream (and checks the stream's last
   * IDEMPOTENCY_WINDOW events): there the same ids would be stored again in the other stream, leaving two events
   * with one id in the log. So on EventStoreDB ids stay scoped to the stream, a key reused on the same stream is
   * still refused (the digest check above, or DuplicateEventId when racing), but a key reused on ANOTHER stream is
   * not detected and that command is recorded.
   */
  private eventIdScope(streamId: string, commandId: string): string {
    return this.store.describe().kind === 'sqlite' ? commandId : `${streamId}/${commandId}`;
  }

  /**
   * parse -> decide on the effective history. The command is parsed again here whoever built it, so that no write
   * path can reach the log without the stream's one parse; the envelope's occurredAt obeys the same date rules.
   */
  private async decide(record: RecordCommand, history: readonly HistoryEvent[]): Promise<readonly DomainEvent[]> {
    const recordedOn = this.clock.now().toISOString().slice(0, 10);
    const occurredAt = parseBusinessTime(record.occurredAt, 'occurredAt', { recordedOn });
    if (record.is('authority')) {
      const command = authorityStream.parse(record.command, { recordedOn });
      return decideOnHistory(authorityStream, command, history, { recordedOn, occurredAt });
    }
    const command = planStream.parse(record.command, { recordedOn });
    const context = await this.planContext(command, history, { recordedOn, occurredAt });
    return decideOnHistory(planStream, command, history, context);
  }

  /** What a plan decision needs of other streams: its council (registered? its inspections and visits) and the plans it names. */
  private async planContext(
    command: PlanCommand,
    history: readonly HistoryEvent[],
    base: Pick<PlanDecisionContext, 'recordedOn' | 'occurredAt'>,
  ): Promise<PlanDecisionContext> {
    const created = effectiveHistory(history).find((event) => event.type === 'PlanCreated')?.data;
    const changes: Readonly<Record<string, unknown>> = command.type === 'CorrectEvent' ? command.changes : {};
    const named = (field: 'laCode' | 'supersedes'): string[] =>
      [command.type === 'CreatePlan' ? command[field] : undefined, changes[field], created?.[field]].filter(
        (value): value is string => typeof value === 'string',
      );
    const [laCode] = named('laCode');
    const authority = laCode === undefined ? undefined : await this.authorityFacts(laCode);
    const plans = new Map<string, { laCode: string }>();
    for (const planId of new Set(named('supersedes'))) {
      const state = stateOf(planStream, (await this.history(planStream.streamId(planId))).map(toHistoryEvent));
      if (state.status !== 'absent') plans.set(planId, { laCode: state.laCode });
    }
    return { ...base, ...(authority ? { authority } : {}), plans };
  }

  private async authorityFacts(laCode: string): Promise<AuthorityFacts | undefined> {
    const state = stateOf(authorityStream, (await this.history(authorityStream.streamId(laCode))).map(toHistoryEvent));
    if (state.status === 'absent') return undefined;
    return { laCode: state.laCode, inspections: state.inspections, visits: state.visits };
  }

  private async history(streamId: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const event of this.store.readStream(streamId)) events.push(event);
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    return events;
  }

  private outcome(streamId: string, events: readonly RecordedEvent[], alreadyRecorded: boolean): RecordOutcome {
    const last = events[events.length - 1];
    return { streamId, revision: last.revision, position: last.position, events, alreadyRecorded };
  }
}

/** SHA-256 of the canonical JSON of everything that makes a command what it is, as kept in its events' metadata. */
function digestOf(record: RecordCommand): string {
  const { kind, key, command } = record;
  const occurredAt = record.options.occurredAtDefaulted ? null : record.occurredAt;
  const whole = JSON.parse(JSON.stringify({ kind, key, command, occurredAt, source: record.options.source ?? null })) as JsonValue;
  return createHash('sha256').update(canonicalText(whole)).digest('hex');
}

/** Why `record` is not the command that recorded `earlier` (undefined when it is, i.e. a retry). */
function differenceFrom(earlier: RecordedEvent, record: RecordCommand, digest: string): string | undefined {
  const stored = earlier.metadata;
  if (stored.commandDigest !== undefined) {
    return stored.commandDigest === digest ? undefined : `${earlier.type} was recorded for it in stream ${earlier.streamId}`;
  }
  // Recorded before digests were kept: compare what the metadata holds of the command.
  const same = (a: unknown, b: unknown) => canonicalText((a ?? null) as JsonValue) === canonicalText((b ?? null) as JsonValue);
  if (!same(stored.occurredAt, record.occurredAt)) return `it was recorded with another occurredAt in stream ${earlier.streamId}`;
  if (!same(stored.source, record.options.source)) return `it was recorded with another source in stream ${earlier.streamId}`;
  return undefined;
}

function toHistoryEvent(event: RecordedEvent): HistoryEvent {
  const { data } = upcast({ type: event.type, schemaVersion: event.metadata.schemaVersion ?? 1, data: event.data });
  return { type: event.type, data, eventId: event.eventId, recordedAt: event.recordedAt, occurredAt: event.metadata.occurredAt };
}
