import {
  effectiveHistory,
  stateFollowing,
  stateOf,
  type DecisionContext,
  type DomainEvent,
  type HistoryEvent,
  type StreamDefinition,
} from '@plan-ledger/domain';
import type { RecordedEvent } from '@plan-ledger/event-store';
import { councilsOfPlanStream } from './plan-councils';
import { toHistoryEvent } from './to-history-event';

type Definition<State> = StreamDefinition<string, { readonly type: string }, DomainEvent, State, DecisionContext>;

/** A 32-bit FNV-1a hash: commands are remembered by it, so a stream's thousands of keys cost a few bytes each. */
function commandHash(commandId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < commandId.length; i++) hash = Math.imul(hash ^ commandId.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const LA_CODE = /^\d{3}$/;

/**
 * What a command on a stream is decided on, kept between commands so that a long stream is not read again for each:
 * the decider's state on the effective history, the stream's revision, and, for a plan, its creation as it now stands
 * and every council it has belonged to. It follows the stream event by event while no correction or retraction comes
 * (stateFollowing); one that does may change any earlier event, and the state is then folded again from the whole
 * stream (`follow` says so). The result is the one stateOf, planCreatedData and councilsOfPlanStream give on the whole
 * stream, which a property test holds it to.
 */
export class WriteState<State> {
  private constructor(
    private readonly definition: Definition<State>,
    private current: State,
    private last: bigint | undefined,
    private creation: Readonly<Record<string, unknown>> | undefined,
    /** Councils named by any creation, or by a correction that moved the plan, in log order. */
    private readonly named: string[],
    private readonly commands: Set<number>,
  ) {}

  static of<State>(definition: Definition<State>, events: readonly RecordedEvent[]): WriteState<State> {
    const history = events.map(toHistoryEvent);
    const commands = new Set<number>();
    for (const event of events) if (typeof event.metadata.commandId === 'string') commands.add(commandHash(event.metadata.commandId));
    return new WriteState(
      definition,
      stateOf(definition, history),
      events.length > 0 ? events[events.length - 1].revision : undefined,
      creationOf(history),
      councilsOfPlanStream(events).filter((code) => code !== creationOf(history)?.laCode),
      commands,
    );
  }

  /** The decider's state on the stream's effective history. Evolve changes it in place: decide on it before any await. */
  get state(): State {
    return this.current;
  }

  /** The stream's last revision, undefined for a stream with no event. */
  get revision(): bigint | undefined {
    return this.last;
  }

  /** The plan's creation as it now stands (corrections applied), or undefined if it has none. */
  get created(): Readonly<Record<string, unknown>> | undefined {
    return this.creation;
  }

  /** Every council the plan stream has belonged to, its current one first (as councilsOfPlanStream). */
  councils(): string[] {
    const current = this.creation?.laCode;
    return [...new Set([...(typeof current === 'string' && LA_CODE.test(current) ? [current] : []), ...this.named])];
  }

  /** False only when no event of the stream carries this command id; true may be a hash collision (read the stream). */
  mayHold(commandId: string): boolean {
    return this.commands.has(commandHash(commandId));
  }

  /**
   * Follows the stream's events read after the revision kept, oldest first; events it has already followed are passed
   * over (two commands may read the same new events). False when one is a correction or retraction: this state may
   * then be part-way and must be dropped for one built again from the whole stream.
   */
  follow(events: readonly RecordedEvent[]): boolean {
    for (const event of events) {
      if (this.last !== undefined && event.revision <= this.last) continue;
      const history = toHistoryEvent(event);
      const next = stateFollowing(this.definition, this.current, history);
      if (next === undefined) return false;
      this.current = next;
      this.last = event.revision;
      if (typeof event.metadata.commandId === 'string') this.commands.add(commandHash(event.metadata.commandId));
      if (event.type === 'PlanCreated') this.noteCreation(history, event.data.laCode);
    }
    return true;
  }

  /** A creation appended: the first one standing is the plan's; each names its council (as stored, like councilsOfPlanStream). */
  private noteCreation(history: HistoryEvent, laCode: unknown): void {
    const { data } = history;
    // As the effective history reads an event's data: anything but an object reads as no field at all.
    if (this.creation === undefined)
      this.creation = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Readonly<Record<string, unknown>>) : {};
    else if (typeof laCode === 'string' && LA_CODE.test(laCode)) this.named.push(laCode);
  }
}

function creationOf(history: readonly HistoryEvent[]): Readonly<Record<string, unknown>> | undefined {
  return effectiveHistory(history).find((event) => event.type === 'PlanCreated')?.data;
}
