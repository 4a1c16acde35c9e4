import { isCorrectionCommand, type CorrectionCommand, type CorrectionEvent } from '../correction/correction-events';
import type { DecisionContext, DomainEvent } from '../shared/decider';
import { DomainRuleViolation, invalid, unknown } from '../shared/domain-error';
import { eventCorrectedData, eventRetractedData } from '../parse/correction-data';
import { parseBusinessTime } from '../parse/business-time';
import { problemsWith } from '../parse/schema';
import { effectiveHistory, isCorrectionType, standingEvent, type EventData } from './effective-history';
import type { HistoryEvent } from './history-event';
import type { StreamDefinition } from './stream-definition';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance: any stream definition
type AnyDefinition<Ctx extends DecisionContext> = StreamDefinition<string, { readonly type: string }, DomainEvent, any, Ctx>;

function dayOf(recordedAt: string | undefined, fallback: string): string {
  return recordedAt ? recordedAt.slice(0, 10) : fallback;
}

/** The stream's state on its effective history: what every decision and every view starts from. */
export function stateOf<State, Ctx extends DecisionContext>(
  definition: StreamDefinition<string, { readonly type: string }, DomainEvent, State, Ctx>,
  history: readonly HistoryEvent[],
): State {
  const { decider } = definition;
  let state = decider.initialState();
  for (const entry of effectiveHistory(history)) {
    state = decider.evolve(state, { type: entry.type, data: entry.data, eventId: entry.eventId, occurredAt: entry.occurredAt });
  }
  return state;
}

/**
 * stateOf(history ++ [event]) from stateOf(history), for an event that is neither a correction nor a retraction: such an
 * event comes last in the effective history as it was recorded (only events recorded after it could change it), so
 * the state follows it by one evolve. Undefined for a correction or retraction, which may change any earlier event:
 * the state must then be folded again from the whole history. Evolve may change `state` in place.
 */
export function stateFollowing<State, Ctx extends DecisionContext>(
  definition: StreamDefinition<string, { readonly type: string }, DomainEvent, State, Ctx>,
  state: State,
  event: HistoryEvent,
): State | undefined {
  if (isCorrectionType(event.type)) return undefined;
  const { data } = event;
  const entry = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as EventData) : {};
  return definition.decider.evolve(state, { type: event.type, data: entry, eventId: event.eventId, occurredAt: event.occurredAt });
}

/**
 * Replays the effective history through parse and decide, event by event, and returns the events the rules
 * would refuse now, with why. Folding goes on past a refused event, as the views do.
 */
export function replayRefusals<Ctx extends DecisionContext>(
  definition: AnyDefinition<Ctx>,
  history: readonly HistoryEvent[],
  context: Ctx,
  /** Only events from this one on are decided again; earlier ones are folded (their validity cannot depend on later events). */
  fromEventId?: string,
): Map<string, DomainRuleViolation> {
  const { decider } = definition;
  const refusals = new Map<string, DomainRuleViolation>();
  let state = decider.initialState();
  const from = fromEventId === undefined ? 0 : history.findIndex((event) => event.eventId === fromEventId);
  const indexOf = new Map(history.map((event, index) => [event.eventId, index]));
  for (const entry of effectiveHistory(history)) {
    // A retracted event is not in the effective history: replay from the first event recorded at or after it.
    if ((indexOf.get(entry.eventId) ?? 0) < from) {
      state = decider.evolve(state, { type: entry.type, data: entry.data, eventId: entry.eventId, occurredAt: entry.occurredAt });
      continue;
    }
    const recordedOn = dayOf(entry.event.recordedAt, context.recordedOn);
    const commandType = definition.commandOf[entry.type];
    try {
      if (commandType === undefined) throw invalid('type', `${entry.type} is not an event of a ${definition.kind} stream`);
      // A field named type would be hidden by the command's own type below, so it is refused here.
      if (Object.hasOwn(entry.data, 'type')) throw invalid('type', "is the event's kind, not one of its fields");
      if (entry.occurredAt !== undefined) parseBusinessTime(entry.occurredAt, 'occurredAt', { recordedOn });
      const command = definition.parse({ ...entry.data, type: commandType }, { recordedOn });
      if (isCorrectionCommand(command)) throw invalid('type', `${entry.type} is not an event of a ${definition.kind} stream`);
      decider.decide(command, state, { ...context, recordedOn, ...(entry.occurredAt ? { occurredAt: entry.occurredAt } : {}) });
    } catch (error) {
      if (!(error instanceof DomainRuleViolation)) throw error;
      refusals.set(entry.eventId, error);
    }
    state = decider.evolve(state, { type: entry.type, data: entry.data, eventId: entry.eventId, occurredAt: entry.occurredAt });
  }
  return refusals;
}

/**
 * The event a correction chain finally changes: a correction or retraction of a correction (or of a retraction)
 * changes what the first one named.
 */
function ultimateTarget(history: readonly HistoryEvent[], eventId: string): string {
  const byId = new Map(history.map((event) => [event.eventId, event]));
  let current = byId.get(eventId);
  for (let hops = 0; current && isCorrectionType(current.type) && hops < history.length; hops++) {
    const data = current.data as { correctedEventId?: unknown; retractedEventId?: unknown };
    const next = current.type === 'EventCorrected' ? data.correctedEventId : data.retractedEventId;
    if (typeof next !== 'string' || !byId.has(next)) break;
    current = byId.get(next);
  }
  return current?.eventId ?? eventId;
}

const CORRECTABLE_FIELDS_OF_CORRECTIONS: Record<'EventCorrected' | 'EventRetracted', readonly string[]> = {
  EventCorrected: ['changes', 'occurredAt', 'reason'],
  EventRetracted: ['reason'],
};

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A correction must change something: no removal of a field the event lacks, not only the values it already has. */
function checkChangesSomething(command: CorrectionCommand, current: EventData): void {
  if (command.type !== 'CorrectEvent') return;
  for (const [field, value] of Object.entries(command.changes)) {
    if (value === null && !Object.hasOwn(current, field)) throw invalid(`changes.${field}`, 'the event has no such field to remove');
  }
  const changed = Object.entries(command.changes).some(([field, value]) => !sameJson(current[field] ?? null, value));
  if (!changed && !command.newOccurredAt) throw invalid('changes', 'changes nothing: every value given is the one the event already has');
}

/** A correction's or retraction's own data, after a correction of it, must pass the rules its command passed. */
function checkCorrectionData(type: 'EventCorrected' | 'EventRetracted', data: EventData, recordedOn: string): void {
  const [problem] =
    type === 'EventCorrected'
      ? problemsWith(eventCorrectedData, data, '', { recordedOn })
      : problemsWith(eventRetractedData, data, '', { recordedOn });
  if (problem) throw invalid(`changes.${problem.field}`, problem.rule);
}

function proposedCorrection(command: CorrectionCommand, targetType: string): CorrectionEvent {
  if (command.type === 'RetractEvent') {
    return { type: 'EventRetracted', data: { retractedEventId: command.eventId, reason: command.reason } };
  }
  const changed = Object.keys(command.changes);
  if (changed.length === 0 && !command.newOccurredAt) throw invalid('changes', 'must change at least one field, or newOccurredAt');
  if (isCorrectionType(targetType)) {
    const allowed = CORRECTABLE_FIELDS_OF_CORRECTIONS[targetType];
    for (const field of changed) {
      if (!allowed.includes(field)) throw invalid(`changes.${field}`, `of a ${targetType} only ${allowed.join(', ')} may be corrected`);
    }
    if (command.newOccurredAt) throw invalid('newOccurredAt', `a ${targetType} has no business time of its own`);
  }
  return {
    type: 'EventCorrected',
    data: {
      correctedEventId: command.eventId,
      changes: command.changes,
      ...(command.newOccurredAt ? { occurredAt: command.newOccurredAt } : {}),
      reason: command.reason,
    },
  };
}

/** A refusal of a corrected event, named as the correction's own field where it can be. */
function asCorrectionRefusal(
  refusal: DomainRuleViolation,
  command: CorrectionCommand,
  eventId: string,
  isTarget: boolean,
): DomainRuleViolation {
  if (isTarget && command.type === 'CorrectEvent') {
    const field = refusal.field.split(/[.[]/)[0];
    if (field in command.changes) return new DomainRuleViolation(refusal.code, `changes.${refusal.field}`, refusal.rule);
    if (field === 'occurredAt' || field === 'fieldwork') return new DomainRuleViolation(refusal.code, 'newOccurredAt', refusal.rule);
    return new DomainRuleViolation(refusal.code, 'changes', `the corrected event would break a rule: ${refusal.field}: ${refusal.rule}`);
  }
  return new DomainRuleViolation(
    refusal.code,
    'eventId',
    `the stream would no longer hold together: event ${eventId} would break a rule (${refusal.field}: ${refusal.rule})`,
  );
}

/**
 * Corrections are decided like any command: the effective history with the correction applied must still be one
 * the rules accept, event by event, and the corrected event must pass the same rules as new input. Events an
 * older log holds that the rules refuse today do not block a correction, unless it is the event being corrected.
 */
function decideCorrection<Ctx extends DecisionContext>(
  definition: AnyDefinition<Ctx>,
  command: CorrectionCommand,
  history: readonly HistoryEvent[],
  context: Ctx,
): CorrectionEvent[] {
  const target = standingEvent(history, command.eventId);
  if (!target) {
    if (history.some((event) => event.eventId === command.eventId)) throw invalid('eventId', 'names an event that was retracted');
    throw unknown('eventId', `must name an event recorded earlier in this stream (${command.eventId} is not one)`);
  }
  const proposed = proposedCorrection(command, target.event.type);
  checkChangesSomething(command, target.data);
  const affected = ultimateTarget(history, command.eventId);
  const candidate: HistoryEvent[] = [...history, { eventId: `proposed:${command.eventId}`, type: proposed.type, data: proposed.data }];
  if (command.type === 'CorrectEvent' && isCorrectionType(target.event.type)) {
    const corrected = standingEvent(candidate, command.eventId);
    if (corrected) checkCorrectionData(target.event.type, corrected.data, dayOf(target.event.recordedAt, context.recordedOn));
  }
  definition.checkInbound?.(stateOf(definition, candidate), context);
  // An event's validity depends only on what was recorded before it, so replay starts at the affected event; and the
  // history as it stands is replayed only when the candidate has refusals that an older log might excuse.
  const after = replayRefusals(definition, candidate, context, affected);
  if (after.size === 0) return [proposed];
  const before = replayRefusals(definition, history, context, affected);
  for (const [eventId, refusal] of after) {
    const isTarget = eventId === affected && command.type === 'CorrectEvent';
    if (isTarget || !before.has(eventId)) throw asCorrectionRefusal(refusal, command, eventId, isTarget);
  }
  return [proposed];
}

/**
 * decide on the effective history: the one entry point every write path uses. Stream commands are decided on the
 * state folded from the effective history; corrections on the history itself.
 */
export function decideOnHistory<
  StreamCommand extends { readonly type: string },
  Event extends DomainEvent,
  State,
  Ctx extends DecisionContext,
>(
  definition: StreamDefinition<string, StreamCommand, Event, State, Ctx>,
  command: StreamCommand | CorrectionCommand,
  history: readonly HistoryEvent[],
  context: Ctx,
): (Event | CorrectionEvent)[] {
  if (isCorrectionCommand(command)) return decideCorrection(definition as AnyDefinition<Ctx>, command, history, context);
  return decideOnState(definition, command as StreamCommand, stateOf(definition, history), context);
}

/**
 * A stream command decided on the state of its effective history folded beforehand (stateOf, followed event by event
 * with stateFollowing): the same decider on the same state, without reading the history again. Corrections need the
 * history itself (decideOnHistory).
 */
export function decideOnState<
  StreamCommand extends { readonly type: string },
  Event extends DomainEvent,
  State,
  Ctx extends DecisionContext,
>(definition: StreamDefinition<string, StreamCommand, Event, State, Ctx>, command: StreamCommand, state: State, context: Ctx): Event[] {
  return definition.decider.decide(command, state, context);
}
