import type { CorrectionCommand } from '../correction/correction-events';
import type {
  PlanEvent,
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

/** Commands the plan decider decides on its state; corrections are decided on the stream's history. */
export type PlanStreamCommand =
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
  | Command<'ClosePlan', PlanClosedData>;

export type PlanCommand = PlanStreamCommand | CorrectionCommand;

/** Which command records each plan event: a correction is re-decided as the command of its corrected event. */
export const PLAN_COMMAND_OF = {
  PlanCreated: 'CreatePlan',
  PrioritySet: 'SetPriority',
  PriorityAmended: 'AmendPriority',
  PriorityRetired: 'RetirePriority',
  ActionAdded: 'AddAction',
  ActionAmended: 'AmendAction',
  ActionClosed: 'CloseAction',
  ProgressGraded: 'GradeProgress',
  IndicatorDefined: 'DefineIndicator',
  IndicatorMeasured: 'MeasureIndicator',
  BoardMeetingHeld: 'HoldBoardMeeting',
  PlanClosed: 'ClosePlan',
} as const satisfies { readonly [E in Exclude<PlanEvent['type'], 'EventCorrected' | 'EventRetracted'>]: PlanStreamCommand['type'] };
