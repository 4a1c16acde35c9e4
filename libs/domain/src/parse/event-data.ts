import type { AuthorityCommand } from '../authority/authority-commands';
import type { AuthorityEvent } from '../authority/authority-events';
import type { CorrectionCommand, CorrectionEvent } from '../correction/correction-events';
import type { PlanCommand } from '../plan/plan-commands';
import type { PlanEvent } from '../plan/plan-events';
import {
  appointmentMade,
  authorityRegistered,
  findingsRecorded,
  focusedVisitLogged,
  inspectionRecorded,
  interventionIssued,
  interventionLifted,
  monitoringVisitLogged,
  reviewPublished,
  sourceAttached,
} from './authority-data';
import type { Problem } from './command-rejected';
import {
  actionAdded,
  actionAmended,
  actionClosed,
  boardMeetingHeld,
  indicatorDefined,
  indicatorMeasured,
  planClosed,
  planCreated,
  priorityAmended,
  priorityRetired,
  prioritySet,
  progressGraded,
} from './plan-data';
import { hasOwn, isPlainObject } from './plain-object';
import { newScope, report, type ParseContext, type Schema } from './schema';

/** The events that carry facts (every event but corrections and retractions), and their data. */
export type DataEvent = Exclude<AuthorityEvent | PlanEvent, CorrectionEvent>;
export type DataEventType = DataEvent['type'];
export type EventDataOf<Type extends DataEventType> = Extract<DataEvent, { type: Type }>['data'];

/** The commands that record those events. */
export type DataCommand = Exclude<AuthorityCommand | PlanCommand, CorrectionCommand>;
export type DataCommandType = DataCommand['type'];

/** The event each command records; its data is the command without `type`. A misspelt name fails to compile. */
export const EVENT_TYPE_OF_COMMAND = {
  RegisterAuthority: 'AuthorityRegistered',
  RecordInspection: 'InspectionRecorded',
  LogMonitoringVisit: 'MonitoringVisitLogged',
  LogFocusedVisit: 'FocusedVisitLogged',
  RecordFindings: 'FindingsRecorded',
  IssueIntervention: 'InterventionIssued',
  LiftIntervention: 'InterventionLifted',
  MakeAppointment: 'AppointmentMade',
  PublishReview: 'ReviewPublished',
  AttachSource: 'SourceAttached',
  CreatePlan: 'PlanCreated',
  SetPriority: 'PrioritySet',
  AmendPriority: 'PriorityAmended',
  RetirePriority: 'PriorityRetired',
  AddAction: 'ActionAdded',
  AmendAction: 'ActionAmended',
  CloseAction: 'ActionClosed',
  GradeProgress: 'ProgressGraded',
  DefineIndicator: 'IndicatorDefined',
  MeasureIndicator: 'IndicatorMeasured',
  HoldBoardMeeting: 'BoardMeetingHeld',
  ClosePlan: 'PlanClosed',
} as const satisfies { readonly [Command in DataCommandType]: DataEventType };

// Compile-time proof that each command's fields are exactly its event's data: a pairing that does not hold names
// the command in a type error here.
type CommandData<Command extends DataCommandType> = Omit<Extract<DataCommand, { type: Command }>, 'type'>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Mispaired = {
  [Command in DataCommandType]: Same<CommandData<Command>, EventDataOf<(typeof EVENT_TYPE_OF_COMMAND)[Command]>> extends true
    ? never
    : Command;
}[DataCommandType];
const everyPairingHolds: [Mispaired] extends [never] ? true : Mispaired = true;
void everyPairingHolds;

/** The schema of each event's data: the same rules as its command, so a corrected event can be checked again. */
export const EVENT_DATA_SCHEMAS: { readonly [Type in DataEventType]: Schema<EventDataOf<Type>> } = {
  AuthorityRegistered: authorityRegistered,
  InspectionRecorded: inspectionRecorded,
  MonitoringVisitLogged: monitoringVisitLogged,
  FocusedVisitLogged: focusedVisitLogged,
  FindingsRecorded: findingsRecorded,
  InterventionIssued: interventionIssued,
  InterventionLifted: interventionLifted,
  AppointmentMade: appointmentMade,
  ReviewPublished: reviewPublished,
  SourceAttached: sourceAttached,
  PlanCreated: planCreated,
  PrioritySet: prioritySet,
  PriorityAmended: priorityAmended,
  PriorityRetired: priorityRetired,
  ActionAdded: actionAdded,
  ActionAmended: actionAmended,
  ActionClosed: actionClosed,
  ProgressGraded: progressGraded,
  IndicatorDefined: indicatorDefined,
  IndicatorMeasured: indicatorMeasured,
  BoardMeetingHeld: boardMeetingHeld,
  PlanClosed: planClosed,
};

export function isDataEventType(type: unknown): type is DataEventType {
  return typeof type === 'string' && hasOwn(EVENT_DATA_SCHEMAS, type);
}

/**
 * Every problem of an event's data under the rules of its command (empty when it is valid): for a correction, pass
 * the corrected event's data with the changes applied, and the day the correction is recorded. Fields are named
 * from the data's root (`grade`, `inspectors[0].name`); prefix them as the caller needs (`changes.grade`).
 * Data of an older schema version must be upcast first (ProgressGraded v1 has `rag` and `by`).
 */
export function parseEventData(eventType: string, data: unknown, context: ParseContext): Problem[] {
  const scope = newScope(context);
  if (!isDataEventType(eventType)) {
    report(scope, 'type', `must be an event type that carries data: ${Object.keys(EVENT_DATA_SCHEMAS).join(', ')}`);
    return scope.problems;
  }
  if (!isPlainObject(data)) {
    report(scope, 'data', `must be an object (the data of ${eventType})`);
    return scope.problems;
  }
  const schema = EVENT_DATA_SCHEMAS[eventType] as Schema<unknown>;
  schema(data, '', scope);
  return scope.problems;
}
