import { dataOf, type Decider, type DecisionContext, type StoredDomainEvent } from '../shared/decider';
import { isPartialDate } from '../shared/dates';
import { DomainRuleViolation, invalid, unknown } from '../shared/domain-error';
import { checkRegistration } from '../register/check-registration';
import type { AuthorityStreamCommand } from './authority-commands';
import { SOURCE_BEARING_EVENTS, type AuthorityEvent } from './authority-events';
import { initialAuthorityState, type AuthorityState, type RegisteredAuthority, type VisitFacts } from './authority-state';

type CommandOf<T extends AuthorityStreamCommand['type']> = Extract<AuthorityStreamCommand, { type: T }>;
type Handler<T extends AuthorityStreamCommand['type']> = (
  command: CommandOf<T>,
  authority: RegisteredAuthority,
  context: DecisionContext,
) => AuthorityEvent[];

function checkNewId(id: string, field: string, taken: ReadonlySet<string> | ReadonlyMap<string, unknown>): void {
  if (taken.has(id)) throw invalid(field, `is already used in this authority (${id})`);
}

/** Dates known to different precisions are compared on what both know (2017-03 vs 2017-03-14: equal). */
function compareDay(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  const x = a.slice(0, length);
  const y = b.slice(0, length);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Monitoring visits after one judgement are numbered in the order they happened, whatever order they are
 * recorded in (a backfill of visit 3 after visit 7 is fine): one number once, and numbers rise with the dates.
 */
function checkVisitNumber(visitId: string, visit: VisitFacts, authority: RegisteredAuthority): void {
  for (const [otherId, other] of authority.monitoringVisits) {
    if (otherId === visitId || other.follows !== visit.follows) continue;
    if (other.number === visit.number) {
      throw invalid('number', `monitoring visit ${visit.number} after ${visit.follows} is already recorded (${otherId})`);
    }
    if (visit.startedOn === undefined || other.startedOn === undefined) continue;
    const order = compareDay(visit.startedOn, other.startedOn);
    if ((visit.number > other.number && order < 0) || (visit.number < other.number && order > 0)) {
      throw invalid(
        'number',
        `visit ${visit.number} (${visit.startedOn}) must not be dated ${order < 0 ? 'before' : 'after'} visit ${other.number} (${other.startedOn}): numbers rise with the dates`,
      );
    }
  }
}

function visitFacts(command: CommandOf<'LogMonitoringVisit'>, context: DecisionContext): VisitFacts {
  const startedOn = command.fieldwork?.start ?? context.occurredAt?.from;
  return { number: command.number, follows: command.follows, ...(startedOn ? { startedOn } : {}) };
}

const handlers: { readonly [T in Exclude<AuthorityStreamCommand['type'], 'RegisterAuthority'>]: Handler<T> } = {
  RecordInspection: (command, authority) => {
    checkNewId(command.inspectionId, 'inspectionId', authority.inspections);
    return [{ type: 'InspectionRecorded', data: dataOf(command) }];
  },
  LogMonitoringVisit: (command, authority, context) => {
    checkNewId(command.visitId, 'visitId', authority.visits);
    if (!authority.inspections.has(command.follows) && !isPartialDate(command.follows)) {
      throw unknown(
        'follows',
        'must name an inspection recorded for this authority, or the month of the judgement (YYYY-MM) when it is not on record',
      );
    }
    checkVisitNumber(command.visitId, visitFacts(command, context), authority);
    return [{ type: 'MonitoringVisitLogged', data: dataOf(command) }];
  },
  LogFocusedVisit: (command, authority) => {
    checkNewId(command.visitId, 'visitId', authority.visits);
    return [{ type: 'FocusedVisitLogged', data: dataOf(command) }];
  },
  RecordFindings: (command, authority) => {
    checkNewId(command.findingsId, 'findingsId', authority.findings);
    if (!authority.inspections.has(command.regarding) && !authority.visits.has(command.regarding)) {
      throw unknown('regarding', 'must name an inspection or visit recorded for this authority');
    }
    return [{ type: 'FindingsRecorded', data: dataOf(command) }];
  },
  IssueIntervention: (command, authority) => {
    checkNewId(command.interventionId, 'interventionId', authority.interventions);
    return [{ type: 'InterventionIssued', data: dataOf(command) }];
  },
  LiftIntervention: (command, authority) => {
    if (authority.interventions.get(command.interventionId) !== 'in force') {
      throw unknown('interventionId', 'must name an intervention in force for this authority');
    }
    return [{ type: 'InterventionLifted', data: dataOf(command) }];
  },
  MakeAppointment: (command, authority) => {
    checkNewId(command.appointmentId, 'appointmentId', authority.appointments);
    return [{ type: 'AppointmentMade', data: dataOf(command) }];
  },
  PublishReview: (command, authority) => {
    checkNewId(command.reviewId, 'reviewId', authority.reviews);
    return [{ type: 'ReviewPublished', data: dataOf(command) }];
  },
  AttachSource: (command, authority) => {
    const attached = authority.sources.get(command.regarding);
    if (!attached) {
      throw unknown(
        'regarding',
        `must name the event of an inspection or visit on record for this authority (${SOURCE_BEARING_EVENTS.join(', ')})`,
      );
    }
    // Refused rather than a silent no-op: a retry of the same command is already one command (its commandId), so a
    // second attachment under another commandId is a different request, and its sender should learn it changed nothing.
    if (attached.has(command.source.sha256)) {
      throw invalid('source.sha256', `this document is already attached to ${command.regarding}`);
    }
    return [{ type: 'SourceAttached', data: dataOf(command) }];
  },
};

function decide(command: AuthorityStreamCommand, state: AuthorityState, context: DecisionContext): AuthorityEvent[] {
  if (command.type === 'RegisterAuthority') {
    if (state.status !== 'absent') throw new DomainRuleViolation('ALREADY_STARTED', 'laCode', 'this authority is already registered');
    if (context.streamKey !== undefined && command.laCode !== context.streamKey) {
      throw invalid('laCode', `must be this stream's council (${context.streamKey}): a council's code cannot be changed`);
    }
    const [problem] = checkRegistration(command);
    if (problem) throw invalid(problem.field, problem.rule);
    return [{ type: 'AuthorityRegistered', data: dataOf(command) }];
  }
  if (state.status === 'absent') throw new DomainRuleViolation('NOT_STARTED', 'laCode', 'register the authority first');
  const handler = handlers[command.type] as Handler<typeof command.type>;
  return handler(command, state, context);
}

function evolve(state: AuthorityState, event: StoredDomainEvent<AuthorityEvent>): AuthorityState {
  if (event.type === 'AuthorityRegistered') {
    if (state.status !== 'absent') return state;
    return {
      status: 'registered',
      laCode: event.data.laCode,
      inspections: new Set(),
      visits: new Set(),
      monitoringVisits: new Map(),
      findings: new Set(),
      interventions: new Map(),
      appointments: new Set(),
      reviews: new Set(),
      sources: new Map(),
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'InspectionRecorded':
      state.inspections.add(event.data.inspectionId);
      state.sources.set(event.eventId, new Set());
      return state;
    case 'MonitoringVisitLogged': {
      state.visits.add(event.data.visitId);
      state.sources.set(event.eventId, new Set());
      const startedOn = event.data.fieldwork?.start ?? event.occurredAt?.from;
      state.monitoringVisits.set(event.data.visitId, {
        number: event.data.number,
        follows: event.data.follows,
        ...(startedOn ? { startedOn } : {}),
      });
      return state;
    }
    case 'FocusedVisitLogged':
      state.visits.add(event.data.visitId);
      state.sources.set(event.eventId, new Set());
      return state;
    case 'FindingsRecorded':
      state.findings.add(event.data.findingsId);
      return state;
    case 'InterventionIssued':
      state.interventions.set(event.data.interventionId, 'in force');
      return state;
    case 'InterventionLifted':
      if (state.interventions.has(event.data.interventionId)) state.interventions.set(event.data.interventionId, 'lifted');
      return state;
    case 'AppointmentMade':
      state.appointments.add(event.data.appointmentId);
      return state;
    case 'ReviewPublished':
      state.reviews.add(event.data.reviewId);
      return state;
    case 'SourceAttached':
      state.sources.get(event.data.regarding)?.add(event.data.source.sha256);
      return state;
    case 'EventCorrected':
    case 'EventRetracted':
      return state;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

/** A council's inspection and intervention history (`authority-<la_code>`). */
export const authorityDecider: Decider<AuthorityStreamCommand, AuthorityEvent, AuthorityState> = {
  initialState: initialAuthorityState,
  decide,
  evolve,
};
