import { dataOf, type Decider, type StoredDomainEvent } from '../shared/decider';
import { DomainRuleViolation, invalid, unknown } from '../shared/domain-error';
import type { PlanStreamCommand } from './plan-commands';
import type { PlanDecisionContext } from './plan-context';
import type { PlanEvent } from './plan-events';
import { initialPlanState, type PlanState, type StartedPlan } from './plan-state';

type CommandOf<T extends PlanStreamCommand['type']> = Extract<PlanStreamCommand, { type: T }>;
type Handler<T extends PlanStreamCommand['type']> = (command: CommandOf<T>, plan: StartedPlan, context: PlanDecisionContext) => PlanEvent[];

function checkActivePriority(plan: StartedPlan, priorityId: string, field = 'priorityId'): void {
  const status = plan.priorities.get(priorityId);
  if (!status) throw unknown(field, `must name a priority of this plan (${priorityId} is not one)`);
  if (status === 'retired') throw invalid(field, `names a retired priority (${priorityId})`);
}

function checkOpenAction(plan: StartedPlan, actionId: string, field = 'actionId'): void {
  const status = plan.actions.get(actionId);
  if (!status) throw unknown(field, `must name an action of this plan (${actionId} is not one)`);
  if (status === 'closed') throw invalid(field, `names a closed action (${actionId})`);
}

function checkNew(taken: ReadonlyMap<string, unknown> | ReadonlySet<string>, id: string, field: string, what: string): void {
  if (taken.has(id)) throw invalid(field, `is already ${what} of this plan (${id})`);
}

/** One small function per command; the mapped type makes a missing or misspelt command a type error. */
const handlers: { readonly [T in Exclude<PlanStreamCommand['type'], 'CreatePlan'>]: Handler<T> } = {
  SetPriority: (command, plan) => {
    checkNew(plan.priorities, command.priorityId, 'priorityId', 'a priority');
    return [{ type: 'PrioritySet', data: dataOf(command) }];
  },
  AmendPriority: (command, plan) => {
    checkActivePriority(plan, command.priorityId);
    if (command.title === undefined && command.description === undefined) throw invalid('title', 'give a new title or description');
    return [{ type: 'PriorityAmended', data: dataOf(command) }];
  },
  RetirePriority: (command, plan) => {
    checkActivePriority(plan, command.priorityId);
    return [{ type: 'PriorityRetired', data: dataOf(command) }];
  },
  AddAction: (command, plan) => {
    checkNew(plan.actions, command.actionId, 'actionId', 'an action');
    checkActivePriority(plan, command.priorityId);
    return [{ type: 'ActionAdded', data: dataOf(command) }];
  },
  AmendAction: (command, plan) => {
    checkOpenAction(plan, command.actionId);
    return [{ type: 'ActionAmended', data: dataOf(command) }];
  },
  CloseAction: (command, plan) => {
    checkOpenAction(plan, command.actionId);
    if (command.outcome === 'merged') {
      if (command.mergedInto === undefined || !plan.actions.has(command.mergedInto)) {
        throw unknown('mergedInto', 'must name the action this one was merged into');
      }
      if (command.mergedInto === command.actionId) throw invalid('mergedInto', 'must name another action');
    } else if (command.mergedInto !== undefined) throw invalid('mergedInto', 'is only for an action closed as merged');
    return [{ type: 'ActionClosed', data: dataOf(command) }];
  },
  GradeProgress: (command, plan, context) => {
    if (command.target === 'priority' && !plan.priorities.has(command.targetId ?? '')) {
      throw unknown('targetId', 'must name a priority of this plan');
    }
    if (command.target === 'action' && !plan.actions.has(command.targetId ?? '')) {
      throw unknown('targetId', 'must name an action of this plan');
    }
    if (command.target === 'plan' && command.targetId !== undefined) throw invalid('targetId', 'must be absent when grading the plan');
    if (command.fromMeeting !== undefined && !plan.meetings.has(command.fromMeeting)) {
      throw unknown('fromMeeting', 'must name a board meeting of this plan');
    }
    if (command.fromVisit !== undefined && !context.authority?.visits.has(command.fromVisit)) {
      throw unknown('fromVisit', "must name a visit recorded for the plan's council");
    }
    return [{ type: 'ProgressGraded', data: dataOf(command) }];
  },
  DefineIndicator: (command, plan) => {
    checkNew(plan.indicators, command.indicatorId, 'indicatorId', 'an indicator');
    if (command.unit === 'percent' && command.target !== undefined && (command.target < 0 || command.target > 100)) {
      throw invalid('target', 'must be a percentage from 0 to 100');
    }
    return [{ type: 'IndicatorDefined', data: dataOf(command) }];
  },
  MeasureIndicator: (command, plan) => {
    const unit = plan.indicators.get(command.indicatorId);
    if (!unit) throw unknown('indicatorId', 'must name an indicator defined in this plan');
    if (unit === 'percent' && (command.value < 0 || command.value > 100)) throw invalid('value', 'must be a percentage from 0 to 100');
    if (unit !== 'ratio' && command.value < 0) throw invalid('value', `must not be negative for a measure in ${unit}`);
    return [{ type: 'IndicatorMeasured', data: dataOf(command) }];
  },
  HoldBoardMeeting: (command, plan) => {
    checkNew(plan.meetings, command.meetingId, 'meetingId', 'a board meeting');
    return [{ type: 'BoardMeetingHeld', data: dataOf(command) }];
  },
  ClosePlan: (command) => [{ type: 'PlanClosed', data: dataOf(command) }],
};

function createPlan(command: CommandOf<'CreatePlan'>, context: PlanDecisionContext): PlanEvent[] {
  if (context.streamKey !== undefined && command.planId !== context.streamKey) {
    throw invalid('planId', `must be this stream's plan (${context.streamKey}): a plan's id cannot be changed`);
  }
  const authority = context.authority;
  if (!authority || authority.laCode !== command.laCode) {
    throw unknown('laCode', `must name a registered council (${command.laCode} is not registered)`);
  }
  if (command.respondsTo !== undefined && !authority.inspections.has(command.respondsTo) && !authority.visits.has(command.respondsTo)) {
    throw unknown('respondsTo', `must name an inspection or visit recorded for council ${command.laCode}`);
  }
  if (command.supersedes !== undefined) {
    if (command.supersedes === command.planId) throw invalid('supersedes', 'must name another plan');
    const superseded = context.plans?.get(command.supersedes);
    if (!superseded) throw unknown('supersedes', `must name a plan on record (${command.supersedes} is not one)`);
    if (superseded.laCode !== command.laCode) throw invalid('supersedes', `must name a plan of council ${command.laCode}`);
    const seen = new Set([command.planId]);
    for (let next = superseded.supersedes; next !== undefined; next = context.plans?.get(next)?.supersedes) {
      if (seen.has(next)) throw invalid('supersedes', `would make plans supersede each other in a circle (through ${next})`);
      seen.add(next);
    }
  }
  return [{ type: 'PlanCreated', data: dataOf(command) }];
}

function decide(command: PlanStreamCommand, state: PlanState, context: PlanDecisionContext): PlanEvent[] {
  if (command.type === 'CreatePlan') {
    if (state.status !== 'absent') throw new DomainRuleViolation('ALREADY_STARTED', 'planId', 'this plan already exists');
    return createPlan(command, context);
  }
  if (state.status === 'absent') throw new DomainRuleViolation('NOT_STARTED', 'planId', 'create the plan first');
  if (state.status === 'closed')
    throw new DomainRuleViolation('PLAN_CLOSED', 'planId', 'the plan is closed: only corrections may be recorded');
  const handler = handlers[command.type] as Handler<typeof command.type>;
  return handler(command, state, context);
}

function evolve(state: PlanState, event: StoredDomainEvent<PlanEvent>): PlanState {
  if (event.type === 'PlanCreated') {
    if (state.status !== 'absent') return state;
    return {
      status: 'open',
      planId: event.data.planId,
      laCode: event.data.laCode,
      priorities: new Map(),
      actions: new Map(),
      indicators: new Map(),
      meetings: new Set(),
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'PrioritySet':
      state.priorities.set(event.data.priorityId, 'active');
      return state;
    case 'PriorityRetired':
      if (state.priorities.has(event.data.priorityId)) state.priorities.set(event.data.priorityId, 'retired');
      return state;
    case 'ActionAdded':
      state.actions.set(event.data.actionId, 'open');
      return state;
    case 'ActionClosed':
      if (state.actions.has(event.data.actionId)) state.actions.set(event.data.actionId, 'closed');
      return state;
    case 'IndicatorDefined':
      state.indicators.set(event.data.indicatorId, event.data.unit);
      return state;
    case 'BoardMeetingHeld':
      state.meetings.add(event.data.meetingId);
      return state;
    case 'PlanClosed':
      return { ...state, status: 'closed' };
    case 'PriorityAmended':
    case 'ActionAmended':
    case 'ProgressGraded':
    case 'IndicatorMeasured':
    case 'EventCorrected':
    case 'EventRetracted':
      return state;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

/** One improvement plan (`plan-<id>`): priorities, actions, grades, indicators and board meetings. */
export const planDecider: Decider<PlanStreamCommand, PlanEvent, PlanState, PlanDecisionContext> = {
  initialState: initialPlanState,
  decide,
  evolve,
};
