import { Inject } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { currentSchemaVersion, fold, upcast, type StoredDomainEvent } from '@plan-ledger/domain';
import { StreamNotFound, WrongExpectedRevision, type EventStore, type JsonObject, type RecordedEvent } from '@plan-ledger/event-store';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { EVENT_STORE } from '../event-store/event-store.tokens';
import { LedgerEventRecorded } from './ledger-event-recorded';
import { RecordCommand, type RecordOutcome } from './record-command';
import { STREAM_KINDS } from './stream-kinds';

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
  ) {}

  async execute(record: RecordCommand): Promise<RecordOutcome> {
    const kind = STREAM_KINDS[record.kind];
    const streamId = kind.streamId(record.key);
    const history = await this.history(streamId);
    const revision = history.length > 0 ? history[history.length - 1].revision : undefined;
    const { commandId, expectedRevision, source } = record.options;

    if (commandId) {
      const earlier = history.filter((event) => event.metadata.commandId === commandId);
      if (earlier.length > 0) return this.outcome(streamId, earlier, true);
    }
    if (expectedRevision !== undefined && expectedRevision !== revision) {
      throw new WrongExpectedRevision(streamId, expectedRevision, revision ?? 'no_stream');
    }

    const state = fold(kind.decider, history.map(toDomainEvent));
    const decided = kind.decider.decide(record.command, state);
    const correlationId = commandId ?? uuidv7();
    const result = await this.store.append(
      streamId,
      decided.map((event, index) => ({
        ...(commandId ? { eventId: uuidv5(`${streamId}/${commandId}/${index}`, COMMAND_EVENT_NAMESPACE) } : {}),
        type: event.type,
        data: event.data as JsonObject,
        metadata: {
          occurredAt: record.occurredAt,
          actor: record.actor,
          correlationId,
          ...(commandId ? { commandId, causationId: commandId } : {}),
          ...(source ? { source } : {}),
          schemaVersion: currentSchemaVersion(event.type),
        },
      })),
      { expectedRevision: revision ?? 'no_stream' },
    );
    if (!result.alreadyRecorded) this.eventBus.publishAll(result.events.map((event) => new LedgerEventRecorded(event)));
    return this.outcome(streamId, result.events, result.alreadyRecorded);
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

function toDomainEvent(event: RecordedEvent): StoredDomainEvent {
  const { data } = upcast({ type: event.type, schemaVersion: event.metadata.schemaVersion ?? 1, data: event.data });
  return { type: event.type, data, eventId: event.eventId };
}
