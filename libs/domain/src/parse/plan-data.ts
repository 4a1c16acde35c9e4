import {
  ACTION_OUTCOMES,
  GRADE_TARGETS,
  INDICATOR_DIRECTIONS,
  INDICATOR_UNITS,
  PLAN_KINDS,
  type ActionAddedData,
  type ActionAmendedData,
  type ActionClosedData,
  type BoardMeetingHeldData,
  type IndicatorDefinedData,
  type IndicatorMeasuredData,
  type PlanClosedData,
  type PlanCreatedData,
  type PriorityAmendedData,
  type PriorityRetiredData,
  type PrioritySetData,
  type ProgressGradedData,
} from '../plan/plan-events';
import { GRADED_BY, PROGRESS_GRADES } from '../shared/scales';
import { laCode } from './authority-data';
import { MAX_INDICATOR_MAGNITUDE, STREAM_KEY_PATTERN } from './bounds';
import { enumOf } from './enum-of';
import { isoDate } from './iso-date';
import { list } from './list';
import { number } from './numbers';
import { object } from './object';
import { optional } from './optional';
import { fieldPath, report, type Schema } from './schema';
import { id, longText, shortText } from './text';

/** planId becomes part of the stream id (plan-<planId>), so it is held to what stream ids may hold. */
const planId = id({ test: STREAM_KEY_PATTERN, rule: 'must be 1-100 letters, digits, . _ or -, starting with a letter or digit' });
const indicatorValue = number({ min: -MAX_INDICATOR_MAGNITUDE, max: MAX_INDICATOR_MAGNITUDE });

export const planCreated: Schema<PlanCreatedData> = object<PlanCreatedData>('CreatePlan', {
  planId,
  laCode,
  title: shortText(),
  kind: enumOf(PLAN_KINDS),
  respondsTo: optional(id()),
  supersedes: optional(planId),
});

export const prioritySet: Schema<PrioritySetData> = object<PrioritySetData>('SetPriority', {
  priorityId: id(),
  title: shortText(),
  description: optional(longText()),
});

export const priorityAmended: Schema<PriorityAmendedData> = object<PriorityAmendedData>(
  'AmendPriority',
  { priorityId: id(), title: optional(shortText()), description: optional(longText()), reason: longText() },
  (_parsed, given, path, scope) => {
    if (!given.has('title') && !given.has('description')) report(scope, fieldPath(path, 'title'), 'give a new title or description');
  },
);

export const priorityRetired: Schema<PriorityRetiredData> = object<PriorityRetiredData>('RetirePriority', {
  priorityId: id(),
  reason: longText(),
});

export const actionAdded: Schema<ActionAddedData> = object<ActionAddedData>('AddAction', {
  actionId: id(),
  priorityId: id(),
  title: shortText(),
  owner: shortText(),
  due: isoDate('due'),
  successMeasure: optional(longText()),
});

export const actionAmended: Schema<ActionAmendedData> = object<ActionAmendedData>(
  'AmendAction',
  {
    actionId: id(),
    title: optional(shortText()),
    owner: optional(shortText()),
    due: optional(isoDate('due')),
    successMeasure: optional(longText()),
    reason: longText(),
  },
  (_parsed, given, path, scope) => {
    if (!['title', 'owner', 'due', 'successMeasure'].some((field) => given.has(field as keyof ActionAmendedData))) {
      report(scope, fieldPath(path, 'title'), 'give at least one of a new title, owner, due or successMeasure');
    }
  },
);

export const actionClosed: Schema<ActionClosedData> = object<ActionClosedData>(
  'CloseAction',
  { actionId: id(), outcome: enumOf(ACTION_OUTCOMES), mergedInto: optional(id()), note: optional(longText()) },
  (parsed, given, path, scope) => {
    if (parsed.outcome === 'merged' && !given.has('mergedInto')) {
      report(scope, fieldPath(path, 'mergedInto'), 'is required when the outcome is merged: name the action it was merged into');
    }
    if (parsed.outcome !== undefined && parsed.outcome !== 'merged' && given.has('mergedInto')) {
      report(scope, fieldPath(path, 'mergedInto'), 'must be absent unless the outcome is merged');
    }
  },
);

export const progressGraded: Schema<ProgressGradedData> = object<ProgressGradedData>(
  'GradeProgress',
  {
    target: enumOf(GRADE_TARGETS),
    targetId: optional(id()),
    grade: enumOf(PROGRESS_GRADES),
    gradedBy: enumOf(GRADED_BY),
    evidence: optional(longText()),
    fromVisit: optional(id()),
    fromMeeting: optional(id()),
  },
  (parsed, given, path, scope) => {
    if (parsed.target === 'plan' && given.has('targetId')) {
      report(scope, fieldPath(path, 'targetId'), 'must be absent when grading the plan');
    }
    if ((parsed.target === 'priority' || parsed.target === 'action') && !given.has('targetId')) {
      report(scope, fieldPath(path, 'targetId'), `is required when grading a ${parsed.target}: name the ${parsed.target}`);
    }
  },
);

export const indicatorDefined: Schema<IndicatorDefinedData> = object<IndicatorDefinedData>(
  'DefineIndicator',
  {
    indicatorId: id(),
    name: shortText(),
    unit: enumOf(INDICATOR_UNITS),
    target: optional(indicatorValue),
    direction: optional(enumOf(INDICATOR_DIRECTIONS)),
  },
  (parsed, _given, path, scope) => {
    if (parsed.unit === 'percent' && parsed.target !== undefined && (parsed.target < 0 || parsed.target > 100)) {
      report(scope, fieldPath(path, 'target'), 'must be from 0 to 100 for a percentage');
    }
  },
);

export const indicatorMeasured: Schema<IndicatorMeasuredData> = object<IndicatorMeasuredData>('MeasureIndicator', {
  indicatorId: id(),
  value: indicatorValue,
  at: isoDate('happened'),
  note: optional(longText()),
});

export const boardMeetingHeld: Schema<BoardMeetingHeldData> = object<BoardMeetingHeldData>('HoldBoardMeeting', {
  meetingId: id(),
  chair: optional(shortText()),
  decisions: list(longText()),
});

export const planClosed: Schema<PlanClosedData> = object<PlanClosedData>('ClosePlan', { reason: longText() });
