import type { CorrectionEvent } from '../correction/correction-events';
import type { DomainEvent } from '../shared/decider';
import type { GradedBy, ProgressGrade } from '../shared/scales';

export const PLAN_KINDS = ['improvement plan', 'priority plan', 'action plan'] as const;
export const ACTION_OUTCOMES = ['completed', 'dropped', 'merged'] as const;
export const GRADE_TARGETS = ['plan', 'priority', 'action'] as const;
export const INDICATOR_UNITS = ['count', 'percent', 'ratio', 'days'] as const;
export const INDICATOR_DIRECTIONS = ['higher is better', 'lower is better'] as const;

export interface PlanCreatedData {
  readonly planId: string;
  readonly laCode: string;
  readonly title: string;
  readonly kind: (typeof PLAN_KINDS)[number];
  /** The inspection (inspectionId on the authority stream) the plan answers. */
  readonly respondsTo?: string;
  /** The plan this one replaces. */
  readonly supersedes?: string;
}

export interface PrioritySetData {
  readonly priorityId: string;
  readonly title: string;
  readonly description?: string;
}

export interface PriorityAmendedData {
  readonly priorityId: string;
  readonly title?: string;
  readonly description?: string;
  readonly reason: string;
}

export interface PriorityRetiredData {
  readonly priorityId: string;
  readonly reason: string;
}

export interface ActionAddedData {
  readonly actionId: string;
  readonly priorityId: string;
  readonly title: string;
  readonly owner: string;
  /** YYYY-MM-DD */
  readonly due: string;
  readonly successMeasure?: string;
}

export interface ActionAmendedData {
  readonly actionId: string;
  readonly title?: string;
  readonly owner?: string;
  readonly due?: string;
  readonly successMeasure?: string;
  /** Kept so that re-dating stays visible. */
  readonly reason: string;
}

export interface ActionClosedData {
  readonly actionId: string;
  readonly outcome: (typeof ACTION_OUTCOMES)[number];
  readonly mergedInto?: string;
  readonly note?: string;
}

export interface ProgressGradedData {
  readonly target: (typeof GRADE_TARGETS)[number];
  /** The priority or action graded; absent for the plan as a whole. */
  readonly targetId?: string;
  readonly grade: ProgressGrade;
  readonly gradedBy: GradedBy;
  readonly evidence?: string;
  /** The visit (on the authority stream) or board meeting the grade came from. */
  readonly fromVisit?: string;
  readonly fromMeeting?: string;
}

export interface IndicatorDefinedData {
  readonly indicatorId: string;
  readonly name: string;
  readonly unit: (typeof INDICATOR_UNITS)[number];
  readonly target?: number;
  readonly direction?: (typeof INDICATOR_DIRECTIONS)[number];
}

export interface IndicatorMeasuredData {
  readonly indicatorId: string;
  readonly value: number;
  /** YYYY-MM-DD: the date the figure is for. */
  readonly at: string;
  readonly note?: string;
}

export interface BoardMeetingHeldData {
  readonly meetingId: string;
  readonly chair?: string;
  readonly decisions: readonly string[];
}

export interface PlanClosedData {
  readonly reason: string;
}

export type PlanEvent =
  | DomainEvent<'PlanCreated', PlanCreatedData>
  | DomainEvent<'PrioritySet', PrioritySetData>
  | DomainEvent<'PriorityAmended', PriorityAmendedData>
  | DomainEvent<'PriorityRetired', PriorityRetiredData>
  | DomainEvent<'ActionAdded', ActionAddedData>
  | DomainEvent<'ActionAmended', ActionAmendedData>
  | DomainEvent<'ActionClosed', ActionClosedData>
  | DomainEvent<'ProgressGraded', ProgressGradedData>
  | DomainEvent<'IndicatorDefined', IndicatorDefinedData>
  | DomainEvent<'IndicatorMeasured', IndicatorMeasuredData>
  | DomainEvent<'BoardMeetingHeld', BoardMeetingHeldData>
  | DomainEvent<'PlanClosed', PlanClosedData>
  | CorrectionEvent;

export function planStreamId(planId: string): string {
  return `plan-${planId}`;
}
