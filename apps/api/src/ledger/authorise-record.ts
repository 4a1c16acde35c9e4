import {
  AUTHORITY_COMMAND_OF,
  GRADED_BY,
  PLAN_COMMAND_OF,
  effectiveHistory,
  type Authorisation,
  type GradedBy,
  type Permission,
} from '@plan-ledger/domain';
import type { RecordedEvent } from '@plan-ledger/event-store';
import { requirePermission } from '../access/principal';
import type { RecordCommand } from './record-command';
import { toHistoryEvent } from './to-history-event';

type Allowed = Extract<Authorisation, { allowed: true }>;

type RecordedCommandType = Extract<Permission, { kind: 'record' }>['command']['type'];

const COMMAND_OF: Readonly<Record<string, RecordedCommandType>> = {
  ...AUTHORITY_COMMAND_OF,
  ...PLAN_COMMAND_OF,
};

function gradedBy(value: unknown): GradedBy | undefined {
  return typeof value === 'string' && (GRADED_BY as readonly string[]).includes(value) ? (value as GradedBy) : undefined;
}

/**
 * Whether the principal may record this command on this council: the council is the authority stream's, or the plan's
 * (as its creation says, corrections applied). A correction or retraction needs what recording the corrected event
 * needed (an inspection's correction is inspection data's to make), and what its changes would need besides (moving a
 * grade to another body, a plan to another council). Throws Forbidden naming what is missing; returns the role used.
 */
export function authoriseRecord(record: RecordCommand, history: readonly RecordedEvent[]): Allowed {
  const { principal, command } = record;
  const created = record.is('plan')
    ? effectiveHistory(history.map(toHistoryEvent)).find((event) => event.type === 'PlanCreated')?.data
    : undefined;
  const council = record.is('authority')
    ? record.key
    : command.type === 'CreatePlan'
      ? command.laCode
      : typeof created?.laCode === 'string'
        ? created.laCode
        : undefined;
  if (command.type !== 'CorrectEvent' && command.type !== 'RetractEvent') {
    const by = command.type === 'GradeProgress' ? command.gradedBy : undefined;
    return requirePermission(principal, { kind: 'record', command: { type: command.type, gradedBy: by } }, council);
  }
  const target = originalOf(history, command.eventId);
  // Nothing to correct by that id: the decider refuses it; asking for the council's records keeps strangers from learning even that.
  if (!target) return requirePermission(principal, { kind: 'read' }, council);
  const decision = requirePermission(
    principal,
    { kind: 'record', command: { type: target.type, gradedBy: gradedBy(target.data.gradedBy) } },
    council,
  );
  if (command.type === 'CorrectEvent') {
    const newBody = gradedBy(command.changes.gradedBy);
    if (newBody) requirePermission(principal, { kind: 'record', command: { type: target.type, gradedBy: newBody } }, council);
    const newCouncil = command.changes.laCode;
    if (typeof newCouncil === 'string' && newCouncil !== council)
      requirePermission(principal, { kind: 'record', command: { type: target.type } }, newCouncil);
  }
  return decision;
}

/** The event a correction names, followed through corrections of corrections to the event first recorded. */
function originalOf(
  history: readonly RecordedEvent[],
  eventId: string,
): { type: RecordedCommandType; data: Record<string, unknown> } | undefined {
  const byId = new Map(history.map((event) => [event.eventId, event]));
  let event = byId.get(eventId);
  for (let hops = 0; event && hops < 100; hops++) {
    const names = event.data.correctedEventId ?? event.data.retractedEventId;
    if (COMMAND_OF[event.type]) return { type: COMMAND_OF[event.type], data: event.data };
    event = typeof names === 'string' ? byId.get(names) : undefined;
  }
  return undefined;
}
