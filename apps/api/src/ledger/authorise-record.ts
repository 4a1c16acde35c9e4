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

/** What authorising needs of the stream: a plan's councils (councilsOfPlanStream), and for a correction its events. */
export interface StreamForAuthorising {
  readonly planCouncils: readonly string[];
  readonly history?: readonly RecordedEvent[];
}

/**
 * Whether the principal may record this command on this council: the council is the authority stream's, or the plan's
 * (as its creation says, corrections applied). A correction or retraction needs what recording the corrected event
 * needed (an inspection's correction is inspection data's to make), and what its changes would need besides (moving a
 * grade to another body, a plan to another council). Throws Forbidden naming what is missing; returns the role used.
 */
export function authoriseRecord(record: RecordCommand, stream: StreamForAuthorising): Allowed {
  const { principal, command } = record;
  const councils = record.is('authority')
    ? [record.key]
    : [...new Set([...(command.type === 'CreatePlan' ? [command.laCode] : []), ...stream.planCouncils])];
  // Allowed only if allowed for every council concerned; the first (the stream's current council) is the one acted for.
  const everywhere = (permission: Permission): Allowed => {
    const decisions = (councils.length ? councils : [undefined]).map((council) => requirePermission(principal, permission, council));
    return decisions[0];
  };
  if (command.type !== 'CorrectEvent' && command.type !== 'RetractEvent') {
    const by = command.type === 'GradeProgress' ? command.gradedBy : undefined;
    return everywhere({ kind: 'record', command: { type: command.type, gradedBy: by } });
  }
  // Never authorised without the events: with none to look in, the target would seem absent and only reading be asked.
  if (!stream.history) throw new Error('a correction is authorised on the stream history it corrects');
  const target = standingOf(stream.history, command.eventId);
  // Nothing to correct by that id: the decider refuses it; asking for the council's records keeps strangers from learning even that.
  if (!target) return everywhere({ kind: 'read' });
  const decision = everywhere({ kind: 'record', command: { type: target.type, gradedBy: gradedBy(target.data.gradedBy) } });
  if (command.type === 'CorrectEvent') {
    const newBody = gradedBy(command.changes.gradedBy);
    if (newBody) everywhere({ kind: 'record', command: { type: target.type, gradedBy: newBody } });
    const newCouncil = command.changes.laCode;
    if (typeof newCouncil === 'string' && !councils.includes(newCouncil))
      requirePermission(principal, { kind: 'record', command: { type: target.type } }, newCouncil);
  }
  return decision;
}

/**
 * The event a correction names, followed through corrections of corrections to the event first recorded: its type,
 * and its data as it stands now (corrections applied), since whose it is (a grade's body) may have been corrected.
 */
function standingOf(
  history: readonly RecordedEvent[],
  eventId: string,
): { type: RecordedCommandType; data: Record<string, unknown> } | undefined {
  const byId = new Map(history.map((event) => [event.eventId, event]));
  let event = byId.get(eventId);
  for (let hops = 0; event && hops < 100; hops++) {
    const commandType = COMMAND_OF[event.type];
    if (commandType) {
      const original = event;
      const standing = effectiveHistory(history.map(toHistoryEvent)).find((effective) => effective.eventId === original.eventId);
      return { type: commandType, data: standing?.data ?? original.data };
    }
    const names = event.data.correctedEventId ?? event.data.retractedEventId;
    event = typeof names === 'string' ? byId.get(names) : undefined;
  }
  return undefined;
}
