import type { CorrectionCommand } from '../correction/correction-events';
import type {
  ActionAddedData,
  ActionAmendedData,
  ActionClosedData,
  BoardMeetingHeldData,
  IndicatorDefinedData,
  IndicatorMeasuredData,
  PlanClosedData,
  PlanCreatedData,
  PriorityAmendedData,
  PriorityRetiredData,
  PrioritySetData,
  ProgressGradedData,
} from './plan-events';

type Command<Type extends string, Data> = { readonly type: Type } & Data;

export type PlanCommand =
  | Command<'CreatePlan', PlanCreatedData>
  | Command<'SetPriority', PrioritySetData>
  | Command<'AmendPriority', PriorityAmendedData>
  | Command<'RetirePriority', PriorityRetiredData>
  | Command<'AddAction', ActionAddedData>
  | Command<'AmendAction', ActionAmendedData>
  | Command<'CloseAction', ActionClosedData>
  | Command<'GradeProgress', ProgressGradedData>
  | Command<'DefineIndicator', IndicatorDefinedData>
  | Command<'MeasureIndicator', IndicatorMeasuredData>
  | Command<'HoldBoardMeeting', BoardMeetingHeldData>
  | Command<'ClosePlan', PlanClosedData>
  | CorrectionCommand;
