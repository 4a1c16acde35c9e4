import type { AuthorityCommand } from '../authority/authority-commands';
import type { PlanCommand } from '../plan/plan-commands';
import { correctEvent, retractEvent } from './correction-data';
import { EVENT_DATA_SCHEMAS, EVENT_TYPE_OF_COMMAND, type DataCommandType } from './event-data';
import type { Schema } from './schema';

const dataOf = (command: DataCommandType): Schema<object> => EVENT_DATA_SCHEMAS[EVENT_TYPE_OF_COMMAND[command]] as Schema<object>;

/** Each authority command and the schema of its fields (all but `type`): a command's fields are its event's data. */
export const AUTHORITY_COMMAND_SCHEMAS: { readonly [Type in AuthorityCommand['type']]: Schema<object> } = {
  RegisterAuthority: dataOf('RegisterAuthority'),
  RecordInspection: dataOf('RecordInspection'),
  LogMonitoringVisit: dataOf('LogMonitoringVisit'),
  LogFocusedVisit: dataOf('LogFocusedVisit'),
  RecordFindings: dataOf('RecordFindings'),
  IssueIntervention: dataOf('IssueIntervention'),
  LiftIntervention: dataOf('LiftIntervention'),
  MakeAppointment: dataOf('MakeAppointment'),
  PublishReview: dataOf('PublishReview'),
  AttachSource: dataOf('AttachSource'),
  CorrectEvent: correctEvent,
  RetractEvent: retractEvent,
};

export const PLAN_COMMAND_SCHEMAS: { readonly [Type in PlanCommand['type']]: Schema<object> } = {
  CreatePlan: dataOf('CreatePlan'),
  SetPriority: dataOf('SetPriority'),
  AmendPriority: dataOf('AmendPriority'),
  RetirePriority: dataOf('RetirePriority'),
  AddAction: dataOf('AddAction'),
  AmendAction: dataOf('AmendAction'),
  CloseAction: dataOf('CloseAction'),
  GradeProgress: dataOf('GradeProgress'),
  DefineIndicator: dataOf('DefineIndicator'),
  MeasureIndicator: dataOf('MeasureIndicator'),
  HoldBoardMeeting: dataOf('HoldBoardMeeting'),
  ClosePlan: dataOf('ClosePlan'),
  CorrectEvent: correctEvent,
  RetractEvent: retractEvent,
};

export const AUTHORITY_COMMAND_TYPES = Object.keys(AUTHORITY_COMMAND_SCHEMAS) as readonly AuthorityCommand['type'][];
export const PLAN_COMMAND_TYPES = Object.keys(PLAN_COMMAND_SCHEMAS) as readonly PlanCommand['type'][];
