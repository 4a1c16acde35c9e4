import { decideCorrection, noCorrectableEvents, rememberEvent, type CorrectableEvents } from '../correction/correctable-events';
import type { Decider, StoredDomainEvent } from '../shared/decider';
import { checkText, isIsoDate } from '../shared/dates';
import { DomainRuleViolation, invalid, unknown } from '../shared/domain-error';
import { GRADED_BY, PROGRESS_GRADES } from '../shared/scales';
import type { PlanCommand } from './plan-commands';
import { GRADE_TARGETS, type PlanEvent } from './plan-events';

export interface PlanState {
  readonly created: boolean;
  readonly closed: boolean;
  readonly priorities: ReadonlyMap<string, 'active' | 'retired'>;
  readonly actions: ReadonlyMap<string, 'open' | 'closed'>;
  readonly indicators: ReadonlySet<string>;
  readonly meetings: ReadonlySet<string>;
  readonly correctable: CorrectableEvents;
}

export const initialPlanState: PlanState = {
  created: false,
  closed: false,
  priorities: new Map(),
  actions: new Map(),
  indicators: new Set(),
  meetings: new Set(),
  correctable: noCorrectableEvents,
};

function checkActivePriority(state: PlanState, priorityId: string, field = 'priorityId'): void {
  const status = state.priorities.get(priorityId);
  if (!status) throw unknown(field, `must name a priority of this plan (${priorityId} is not one)`);
  if (status === 'retired') throw invalid(field, `names a retired priority (${priorityId})`);
}

function checkOpenAction(state: PlanState, actionId: string): void {
  const status = state.actions.get(actionId);
  if (!status) throw unknown('actionId', `must name an action of this plan (${actionId} is not one)`);
  if (status === 'closed') throw invalid('actionId', `names a closed action (${actionId})`);
}

function checkDue(due: string | undefined, required: boolean): void {
  if (due === undefined && !required) return;
  if (!isIsoDate(due)) throw invalid('due', 'must be a real date written YYYY-MM-DD');
}

function decide(command: PlanCommand, state: PlanState): PlanEvent[] {
  if (command.type === 'CreatePlan') {
    if (state.created) throw new DomainRuleViolation('ALREADY_STARTED', 'planId', 'this plan already exists');
    checkText(command.planId, 'planId');
    checkText(command.laCode, 'laCode');
    checkText(command.title, 'title');
    const { type: _, ...data } = command;
    return [{ type: 'PlanCreated', data }];
  }
  if (!state.created) throw new DomainRuleViolation('NOT_STARTED', 'planId', 'create the plan first');
  if (command.type === 'CorrectEvent' || command.type === 'RetractEvent') return decideCorrection(command, state.correctable);
  if (state.closed) throw new DomainRuleViolation('PLAN_CLOSED', 'planId', 'the plan is closed: only corrections may be recorded');

  switch (command.type) {
    case 'SetPriority': {
      checkText(command.priorityId, 'priorityId');
      if (state.priorities.has(command.priorityId))
        throw invalid('priorityId', `is already a priority of this plan (${command.priorityId})`);
      checkText(command.title, 'title');
      const { type: _, ...data } = command;
      return [{ type: 'PrioritySet', data }];
    }
    case 'AmendPriority': {
      checkActivePriority(state, command.priorityId);
      checkText(command.reason, 'reason');
      if (command.title === undefined && command.description === undefined) throw invalid('title', 'give a new title or description');
      const { type: _, ...data } = command;
      return [{ type: 'PriorityAmended', data }];
    }
    case 'RetirePriority': {
      checkActivePriority(state, command.priorityId);
      checkText(command.reason, 'reason');
      const { type: _, ...data } = command;
      return [{ type: 'PriorityRetired', data }];
    }
    case 'AddAction': {
      checkText(command.actionId, 'actionId');
      if (state.actions.has(command.actionId)) throw invalid('actionId', `is already an action of this plan (${command.actionId})`);
      checkActivePriority(state, command.priorityId);
      checkText(command.title, 'title');
      checkText(command.owner, 'owner');
      checkDue(command.due, true);
      const { type: _, ...data } = command;
      return [{ type: 'ActionAdded', data }];
    }
    case 'AmendAction': {
      checkOpenAction(state, command.actionId);
      checkText(command.reason, 'reason');
      checkDue(command.due, false);
      const { type: _, ...data } = command;
      return [{ type: 'ActionAmended', data }];
    }
    case 'CloseAction': {
      checkOpenAction(state, command.actionId);
      if (command.outcome === 'merged') {
        if (!command.mergedInto || !state.actions.has(command.mergedInto))
          throw unknown('mergedInto', 'must name the action this one was merged into');
      }
      const { type: _, ...data } = command;
      return [{ type: 'ActionClosed', data }];
    }
    case 'GradeProgress': {
      if (!GRADE_TARGETS.includes(command.target)) throw invalid('target', `must be one of ${GRADE_TARGETS.join(', ')}`);
      if (command.target === 'priority' && !state.priorities.has(command.targetId ?? '')) {
        throw unknown('targetId', 'must name a priority of this plan');
      }
      if (command.target === 'action' && !state.actions.has(command.targetId ?? '')) {
        throw unknown('targetId', 'must name an action of this plan');
      }
      if (command.target === 'plan' && command.targetId !== undefined) throw invalid('targetId', 'must be absent when grading the plan');
      if (!PROGRESS_GRADES.includes(command.grade)) throw invalid('grade', `must be one of ${PROGRESS_GRADES.join(', ')}`);
      if (!GRADED_BY.includes(command.gradedBy)) throw invalid('gradedBy', `must be one of ${GRADED_BY.join(', ')}`);
      if (command.fromMeeting !== undefined && !state.meetings.has(command.fromMeeting)) {
        throw unknown('fromMeeting', 'must name a board meeting of this plan');
      }
      const { type: _, ...data } = command;
      return [{ type: 'ProgressGraded', data }];
    }
    case 'DefineIndicator': {
      checkText(command.indicatorId, 'indicatorId');
      if (state.indicators.has(command.indicatorId)) throw invalid('indicatorId', `is already defined (${command.indicatorId})`);
      checkText(command.name, 'name');
      const { type: _, ...data } = command;
      return [{ type: 'IndicatorDefined', data }];
    }
    case 'MeasureIndicator': {
      if (!state.indicators.has(command.indicatorId)) throw unknown('indicatorId', 'must name an indicator defined in this plan');
      if (!Number.isFinite(command.value)) throw invalid('value', 'must be a number');
      if (!isIsoDate(command.at)) throw invalid('at', 'must be a real date written YYYY-MM-DD');
      const { type: _, ...data } = command;
      return [{ type: 'IndicatorMeasured', data }];
    }
    case 'HoldBoardMeeting': {
      checkText(command.meetingId, 'meetingId');
      if (state.meetings.has(command.meetingId)) throw invalid('meetingId', `is already recorded (${command.meetingId})`);
      const { type: _, ...data } = command;
      return [{ type: 'BoardMeetingHeld', data }];
    }
    case 'ClosePlan': {
      checkText(command.reason, 'reason');
      const { type: _, ...data } = command;
      return [{ type: 'PlanClosed', data }];
    }
  }
}

function evolve(state: PlanState, event: StoredDomainEvent<PlanEvent>): PlanState {
  const next = { ...state, correctable: rememberEvent(state.correctable, event) };
  switch (event.type) {
    case 'PlanCreated':
      return { ...next, created: true };
    case 'PrioritySet':
      return { ...next, priorities: new Map(state.priorities).set(event.data.priorityId, 'active') };
    case 'PriorityRetired':
      return { ...next, priorities: new Map(state.priorities).set(event.data.priorityId, 'retired') };
    case 'ActionAdded':
      return { ...next, actions: new Map(state.actions).set(event.data.actionId, 'open') };
    case 'ActionClosed':
      return { ...next, actions: new Map(state.actions).set(event.data.actionId, 'closed') };
    case 'IndicatorDefined':
      return { ...next, indicators: new Set(state.indicators).add(event.data.indicatorId) };
    case 'BoardMeetingHeld':
      return { ...next, meetings: new Set(state.meetings).add(event.data.meetingId) };
    case 'PlanClosed':
      return { ...next, closed: true };
    default:
      return next;
  }
}

/** One improvement plan (`plan-<id>`): priorities, actions, grades, indicators and board meetings. */
export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = { initialState: initialPlanState, decide, evolve };
