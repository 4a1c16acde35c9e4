import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import {
  authorityStream,
  currentSchemaVersion,
  decideOnHistory,
  decideOnState,
  effectiveHistory,
  isCorrectionCommand,
  parseBusinessTime,
  planStream,
  bounds,
  type AuthorityCommand,
  type AuthorityDecisionContext,
  type CorrectionCommand,
  type AuthorityFacts,
  type DomainEvent,
  type HistoryEvent,
  type PlanCommand,
  type PlanDecisionContext,
} from '@plan-ledger/domain';
import {
  canonicalText,
  DuplicateEventId,
  WrongExpectedRevision,
  type EventStore,
  type JsonObject,
  type JsonValue,
  type Clock,
  type RecordedEvent,
  StreamHistory,
} from '@plan-ledger/event-store';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import { actorOf } from '../access/principal';
import { IdempotencyKeyReused } from '../errors/idempotency-key-reused';
import { authoriseRecord } from './authorise-record';
import { councilsOfPlanStream } from './plan-councils';
import { WriteStates } from './write-states';
import { toHistoryEvent } from './to-history-event';
import { CLOCK, EVENT_STORE } from '../event-store/event-store.tokens';
import { LedgerEventRecorded } from './ledger-event-recorded';
import { RecordCommand, type RecordOutcome } from './record-command';

/**
 * Namespace of the event ids derived from command ids before the store kept commands (UUID v5 of the key and the
 * event's index): no longer given to events, still sent as formerEventIds so a command recorded then is recognised.
 */
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
    /** Reading a long plan's stream whole is most of a write at 1M events: only what was appended since is read. */
    private readonly streams: StreamHistory,
    /** What a stream command is decided on, kept between commands: a long plan is not read again for each. */
    private readonly writes: WriteStates,
  ) {}

  async execute(record: RecordCommand): Promise<RecordOutcome> {
    const streamId = (record.is('authority') ? authorityStream : planStream).streamId(record.key);
    const { commandId } = record.options;
    // A correction is decided on the stream's history itself, and a key the stream may already hold is looked for among
    // its events (a retry gets the first result, a reuse is refused). Every other command is decided on the stream's
    // write state: the same decider on the same effective history, without reading a long stream again.
    if (isCorrectionCommand(record.command)) return this.executeOnHistory(record, streamId);
    const write = await this.writeState(record, streamId);
    if (commandId !== undefined && write.mayHold(commandId)) return this.executeOnHistory(record, streamId);
    const { revision } = write;
    const actor = actorOf(record.principal, authoriseRecord(record, { planCouncils: write.councils() }));
    this.checkExpected(record, streamId, revision);
    const decided = await this.decide(record, write);
    const outcome = await this.append(record, streamId, revision, actor, decided);
    if (!outcome.alreadyRecorded) this.writes.appended(streamId, revision, outcome.events);
    return outcome;
  }

  /** The stream's write state as the basis of a stream command's decision (decideOnState). */
  private async writeState(record: RecordCommand, streamId: string): Promise<DecisionBasis & WriteStateOfStream> {
    if (record.is('authority')) {
      const write = await this.writes.read(streamId, authorityStream);
      return {
        revision: write.revision,
        councils: () => [],
        mayHold: (commandId) => write.mayHold(commandId),
        created: undefined,
        authority: (command, context) => decideOnState(authorityStream, streamCommandOf(command), write.state, context),
        plan: otherKind,
      };
    }
    const write = await this.writes.read(streamId, planStream);
    return {
      revision: write.revision,
      councils: () => write.councils(),
      mayHold: (commandId) => write.mayHold(commandId),
      created: write.created,
      authority: otherKind,
      plan: (command, context) => decideOnState(planStream, streamCommandOf(command), write.state, context),
    };
  }

  /** A command decided on the stream's whole history: every correction, and a command whose key the stream may hold. */
  private async executeOnHistory(record: RecordCommand, streamId: string): Promise<RecordOutcome> {
    const history = await this.history(streamId);
    const revision = history.length > 0 ? history[history.length - 1].revision : undefined;
    const { commandId } = record.options;
    // Before anything is answered, an earlier result of this commandId included: it is the council's record.
    const actor = actorOf(record.principal, authoriseRecord(record, { planCouncils: councilsOfPlanStream(history), history }));

    if (commandId) {
      const earlier = history.filter((event) => event.metadata.commandId === commandId);
      if (earlier.length > 0) {
        const difference = differenceFrom(earlier[0], record, digestOf(record));
        if (difference) throw new IdempotencyKeyReused(commandId, streamId, difference);
        return this.outcome(streamId, earlier, true);
      }
    }
    this.checkExpected(record, streamId, revision);
    const events = history.map(toHistoryEvent);
    const decided = await this.decide(record, {
      created: planCreatedData(events),
      authority: (command, context) => decideOnHistory(authorityStream, command, events, context),
      plan: (command, context) => decideOnHistory(planStream, command, events, context),
    });
    return this.append(record, streamId, revision, actor, decided);
  }

  private checkExpected(record: RecordCommand, streamId: string, revision: bigint | undefined): void {
    const { expectedRevision } = record.options;
    if (expectedRevision !== undefined && expectedRevision !== revision) {
      throw new WrongExpectedRevision(streamId, expectedRevision, revision ?? 'no_stream');
    }
  }

  /** The decided events appended at the revision decided on, under the command's key; published once recorded. */
  private async append(
    record: RecordCommand,
    streamId: string,
    revision: bigint | undefined,
    actor: ReturnType<typeof actorOf>,
    decided: readonly DomainEvent[],
  ): Promise<RecordOutcome> {
    const { commandId, source } = record.options;
    const commandDigest = commandId ? digestOf(record) : undefined;
    const correlationId = commandId ?? uuidv7();
    const formerScope = commandId && this.formerIdScope(streamId, commandId, record.principal.id);
    // Event ids are the store's, time-ordered (UUID v7), so each lands at the end of the log's id index; a command is
    // recognised by its key, which the store keeps in its own index (one entry per command, not per event).
    const appended = this.store.append(
      streamId,
      decided.map((event) => ({
        type: event.type,
        data: event.data as JsonObject,
        metadata: {
          occurredAt: record.occurredAt,
          actor,
          correlationId,
          ...(commandId ? { commandId, commandDigest, causationId: commandId } : {}),
          ...(source ? { source } : {}),
          schemaVersion: currentSchemaVersion(event.type),
        },
      })),
      {
        expectedRevision: revision ?? 'no_stream',
        ...(commandId && formerScope
          ? {
              idempotency: {
                commandId,
                formerEventIds: decided.map((_, index) => uuidv5(`${formerScope}/${index}`, COMMAND_EVENT_NAMESPACE)),
              },
            }
          : {}),
      },
    );
    const result = await appended.catch((error: unknown) => {
      // The command is already recorded (or, recorded before commands were kept, its derived ids are stored), and not
      // by this very command: an identical retry, even one racing this request, gets the first result from the store.
      if (commandId && error instanceof DuplicateEventId) throw new IdempotencyKeyReused(commandId, streamId, error.reason);
      throw error;
    });
    if (!result.alreadyRecorded) this.eventBus.publishAll(result.events.map((event) => new LedgerEventRecorded(event)));
    return this.outcome(streamId, result.events, result.alreadyRecorded);
  }

  /**
   * An idempotency key is its sender's (as with any API that takes one): the store keys a command by its actor (the
   * principal) as well as the key, so another person's key can neither block a command (an importer's keys come from a
   * public document's hash, which anyone can compute) nor reveal, by a refusal, where it was used. On SQLite commands
   * are unique across the whole log, so the same person's key reused on another stream is refused (DuplicateCommandId),
   * even by a concurrent request. EventStoreDB keeps no index: it finds a command within the stream's last
   * IDEMPOTENCY_WINDOW events, so a key reused on the same stream is still refused (the digest check above, or the store
   * when racing), but a key reused on ANOTHER stream is not detected and that command is recorded.
   *
   * This is what event ids were derived from before the store kept commands (on EventStoreDB scoped to the stream too),
   * sent as formerEventIds so that a command recorded then, retried or reused now, is still found.
   */
  private formerIdScope(streamId: string, commandId: string, principalId: string): string {
    const sender = `${principalId}/${commandId}`;
    return this.store.describe().kind === 'sqlite' ? sender : `${streamId}/${sender}`;
  }

  /**
   * parse -> decide on the effective history. The command is parsed again here whoever built it, so that no write
   * path can reach the log without the stream's one parse; the envelope's occurredAt obeys the same date rules.
   */
  private async decide(record: RecordCommand, on: DecisionBasis): Promise<readonly DomainEvent[]> {
    const recordedOn = this.clock.now().toISOString().slice(0, 10);
    const occurredAt = parseBusinessTime(record.occurredAt, 'occurredAt', { recordedOn });
    const base = { recordedOn, occurredAt, streamKey: record.key };
    if (record.is('authority')) {
      const command = authorityStream.parse(record.command, { recordedOn });
      const reliedOnBy = isCorrectionCommand(command) ? await this.reliedOnBy(record.key) : undefined;
      return on.authority(command, { ...base, ...(reliedOnBy ? { reliedOnBy } : {}) });
    }
    const command = planStream.parse(record.command, { recordedOn });
    return on.plan(command, await this.planContext(command, on.created, base));
  }

  /**
   * What a plan decision needs of other streams: its council (registered? its inspections and visits), the plans it
   * names with what they supersede in turn, and, for a correction, the plans that supersede it.
   */
  private async planContext(
    command: PlanCommand,
    created: Readonly<Record<string, unknown>> | undefined,
    base: Pick<PlanDecisionContext, 'recordedOn' | 'occurredAt' | 'streamKey'>,
  ): Promise<PlanDecisionContext> {
    const changes: Readonly<Record<string, unknown>> = command.type === 'CorrectEvent' ? command.changes : {};
    // Values a correction proposes are not checked yet: only well-formed keys are looked up, the parse names the rest.
    const named = (field: 'laCode' | 'supersedes', pattern: RegExp): string[] =>
      [command.type === 'CreatePlan' ? command[field] : undefined, changes[field], created?.[field]].filter(
        (value): value is string => typeof value === 'string' && pattern.test(value),
      );
    const [laCode] = named('laCode', bounds.LA_CODE_PATTERN);
    const authority = laCode === undefined ? undefined : await this.authorityFacts(laCode);
    const plans = new Map<string, { laCode: string; supersedes?: string }>();
    let next = [...new Set(named('supersedes', bounds.STREAM_KEY_PATTERN))];
    for (let depth = 0; next.length > 0 && depth < 50; depth++) {
      const later: string[] = [];
      for (const planId of next) {
        if (plans.has(planId)) continue;
        const data = (await this.writes.read(planStream.streamId(planId), planStream)).created;
        if (typeof data?.laCode !== 'string') continue;
        const supersedes = typeof data.supersedes === 'string' ? data.supersedes : undefined;
        plans.set(planId, { laCode: data.laCode, ...(supersedes ? { supersedes } : {}) });
        if (supersedes) later.push(supersedes);
      }
      next = later;
    }
    const supersededBy = isCorrectionCommand(command) && base.streamKey ? await this.plansSuperseding(base.streamKey) : [];
    return { ...base, ...(authority ? { authority } : {}), plans, supersededBy };
  }

  private async authorityFacts(laCode: string): Promise<AuthorityFacts | undefined> {
    const { state } = await this.writes.read(authorityStream.streamId(laCode), authorityStream);
    if (state.status === 'absent') return undefined;
    return { laCode: state.laCode, inspections: state.inspections, visits: state.visits };
  }

  /** Every plan on record, with its effective PlanCreated data: what corrections must not leave dangling. */
  private async plansOnRecord(): Promise<{ planId: string; data: Readonly<Record<string, unknown>>; history: HistoryEvent[] }[]> {
    const found: { planId: string; data: Readonly<Record<string, unknown>>; history: HistoryEvent[] }[] = [];
    const seen = new Set<string>();
    for await (const event of this.store.readAll({ types: ['PlanCreated'], streamPrefix: 'plan-' })) {
      if (seen.has(event.streamId)) continue;
      seen.add(event.streamId);
      const history = (await this.history(event.streamId)).map(toHistoryEvent);
      const data = planCreatedData(history);
      if (data) found.push({ planId: event.streamId.slice('plan-'.length), data, history });
    }
    return found;
  }

  private async plansSuperseding(planId: string): Promise<string[]> {
    return (await this.plansOnRecord()).filter((plan) => plan.data.supersedes === planId).map((plan) => plan.planId);
  }

  /** What the council's plans rely on in its stream: that it is registered, and the inspections and visits they name. */
  private async reliedOnBy(laCode: string): Promise<NonNullable<AuthorityDecisionContext['reliedOnBy']>> {
    const plans = (await this.plansOnRecord()).filter((plan) => plan.data.laCode === laCode);
    const references = new Map<string, string[]>();
    const note = (id: unknown, planId: string) => {
      if (typeof id === 'string') references.set(id, [...new Set([...(references.get(id) ?? []), planId])]);
    };
    for (const plan of plans) {
      note(plan.data.respondsTo, plan.planId);
      for (const event of effectiveHistory(plan.history)) if (event.type === 'ProgressGraded') note(event.data.fromVisit, plan.planId);
    }
    return { plans: plans.map((plan) => plan.planId), references };
  }

  private async history(streamId: string): Promise<readonly RecordedEvent[]> {
    return this.streams.read(streamId);
  }

  private outcome(streamId: string, events: readonly RecordedEvent[], alreadyRecorded: boolean): RecordOutcome {
    const last = events[events.length - 1];
    return { streamId, revision: last.revision, position: last.position, events, alreadyRecorded };
  }
}

/**
 * What a command is decided on: the stream's history (decideOnHistory: any command, corrections included) or its write
 * state (decideOnState: a stream command). The plan's creation as it now stands feeds the plan's decision context.
 */
interface DecisionBasis {
  readonly created: Readonly<Record<string, unknown>> | undefined;
  authority(command: AuthorityCommand, context: AuthorityDecisionContext): readonly DomainEvent[];
  plan(command: PlanCommand, context: PlanDecisionContext): readonly DomainEvent[];
}

/** What authorising and idempotency need of a write state (WriteState), whatever its stream's kind. */
interface WriteStateOfStream {
  readonly revision: bigint | undefined;
  councils(): string[];
  mayHold(commandId: string): boolean;
}

function otherKind(): never {
  throw new Error('a command decided on the write state of another kind of stream');
}

/** A command parsed from a stream command stays one; a correction is decided on the history it corrects, never here. */
function streamCommandOf<C extends { readonly type: string }>(command: C | CorrectionCommand): C {
  if (isCorrectionCommand(command)) throw new Error('a correction is decided on the history it corrects');
  return command;
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

/** A plan's creation as it now stands (corrections applied), or undefined if it has none. */
function planCreatedData(history: readonly HistoryEvent[]): Readonly<Record<string, unknown>> | undefined {
  return effectiveHistory(history).find((event) => event.type === 'PlanCreated')?.data;
}
