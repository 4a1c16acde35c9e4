import { businessTimeProblems } from '../business-time/business-time';
import { decideCorrection, noCorrectableEvents, rememberEvent, type CorrectableEvents } from '../correction/correctable-events';
import type { Decider, StoredDomainEvent } from '../shared/decider';
import { checkDateRange, checkPartialDate, checkText } from '../shared/dates';
import { DomainRuleViolation, invalid, unknown } from '../shared/domain-error';
import { JUDGEMENTS } from '../shared/scales';
import type { AuthorityCommand } from './authority-commands';
import type { AuthorityEvent, Inspector } from './authority-events';

export interface AuthorityState {
  readonly registered: boolean;
  readonly laCode?: string;
  /** Inspections and visits by id, so findings and monitoring visits can refer to them. */
  readonly inspections: ReadonlySet<string>;
  readonly visits: ReadonlySet<string>;
  readonly findings: ReadonlySet<string>;
  readonly lastMonitoringVisitNumber: number;
  readonly activeInterventions: ReadonlySet<string>;
  readonly liftedInterventions: ReadonlySet<string>;
  readonly appointments: ReadonlySet<string>;
  readonly reviews: ReadonlySet<string>;
  readonly correctable: CorrectableEvents;
}

export const initialAuthorityState: AuthorityState = {
  registered: false,
  inspections: new Set(),
  visits: new Set(),
  findings: new Set(),
  lastMonitoringVisitNumber: 0,
  activeInterventions: new Set(),
  liftedInterventions: new Set(),
  appointments: new Set(),
  reviews: new Set(),
  correctable: noCorrectableEvents,
};

function checkInspectors(inspectors: readonly Inspector[] | undefined): void {
  if (!Array.isArray(inspectors)) throw invalid('inspectors', 'must be a list (empty when the source does not name them)');
  inspectors.forEach((inspector, i) => checkText(inspector.name, `inspectors[${i}].name`));
  if (inspectors.filter((i) => i.lead).length > 1) throw invalid('inspectors', 'must mark at most one lead inspector');
}

function checkNewId(id: string, field: string, taken: ReadonlySet<string>): void {
  checkText(id, field);
  if (taken.has(id)) throw invalid(field, `is already used in this authority (${id})`);
}

function decide(command: AuthorityCommand, state: AuthorityState): AuthorityEvent[] {
  if (command.type === 'RegisterAuthority') {
    if (state.registered) throw new DomainRuleViolation('ALREADY_STARTED', 'laCode', 'this authority is already registered');
    checkText(command.laCode, 'laCode');
    checkText(command.name, 'name');
    checkText(command.region, 'region');
    const { type: _, ...data } = command;
    return [{ type: 'AuthorityRegistered', data }];
  }
  if (!state.registered) throw new DomainRuleViolation('NOT_STARTED', 'laCode', 'register the authority first');

  switch (command.type) {
    case 'RecordInspection': {
      checkNewId(command.inspectionId, 'inspectionId', state.inspections);
      if (command.fieldwork !== undefined) checkDateRange(command.fieldwork, 'fieldwork');
      checkPartialDate(command.reportDate, 'reportDate');
      checkPartialDate(command.publishedOn, 'publishedOn');
      checkInspectors(command.inspectors);
      if (!JUDGEMENTS.includes(command.overall)) throw invalid('overall', `must be one of ${JUDGEMENTS.join(', ')}`);
      command.judgements.forEach((j, i) => {
        checkText(j.area, `judgements[${i}].area`);
        if (!JUDGEMENTS.includes(j.judgement)) throw invalid(`judgements[${i}].judgement`, `must be one of ${JUDGEMENTS.join(', ')}`);
      });
      const { type: _, ...data } = command;
      return [{ type: 'InspectionRecorded', data }];
    }
    case 'LogMonitoringVisit': {
      checkNewId(command.visitId, 'visitId', state.visits);
      if (!Number.isInteger(command.number) || command.number < 1) throw invalid('number', 'must be a whole number from 1');
      if (command.number <= state.lastMonitoringVisitNumber) {
        throw invalid('number', `must be greater than the last monitoring visit's number (${state.lastMonitoringVisitNumber})`);
      }
      checkText(command.follows, 'follows');
      if (command.fieldwork !== undefined) checkDateRange(command.fieldwork, 'fieldwork');
      checkPartialDate(command.letterDate, 'letterDate');
      checkPartialDate(command.publishedOn, 'publishedOn');
      checkInspectors(command.inspectors);
      const { type: _, ...data } = command;
      return [{ type: 'MonitoringVisitLogged', data }];
    }
    case 'LogFocusedVisit': {
      checkNewId(command.visitId, 'visitId', state.visits);
      checkText(command.theme, 'theme');
      if (command.fieldwork !== undefined) checkDateRange(command.fieldwork, 'fieldwork');
      checkPartialDate(command.letterDate, 'letterDate');
      checkPartialDate(command.publishedOn, 'publishedOn');
      checkInspectors(command.inspectors);
      const { type: _, ...data } = command;
      return [{ type: 'FocusedVisitLogged', data }];
    }
    case 'RecordFindings': {
      checkNewId(command.findingsId, 'findingsId', state.findings);
      if (!state.inspections.has(command.regarding) && !state.visits.has(command.regarding)) {
        throw unknown('regarding', 'must name an inspection or visit recorded for this authority');
      }
      const { type: _, ...data } = command;
      return [{ type: 'FindingsRecorded', data }];
    }
    case 'IssueIntervention': {
      checkNewId(command.interventionId, 'interventionId', new Set([...state.activeInterventions, ...state.liftedInterventions]));
      const { type: _, ...data } = command;
      return [{ type: 'InterventionIssued', data }];
    }
    case 'LiftIntervention': {
      if (!state.activeInterventions.has(command.interventionId)) {
        throw unknown('interventionId', 'must name an intervention in force for this authority');
      }
      const { type: _, ...data } = command;
      return [{ type: 'InterventionLifted', data }];
    }
    case 'MakeAppointment': {
      checkNewId(command.appointmentId, 'appointmentId', state.appointments);
      checkText(command.name, 'name');
      const { type: _, ...data } = command;
      return [{ type: 'AppointmentMade', data }];
    }
    case 'PublishReview': {
      checkNewId(command.reviewId, 'reviewId', state.reviews);
      checkText(command.title, 'title');
      for (const field of ['completed', 'published'] as const) {
        if (command[field] === undefined) continue;
        const [problem] = businessTimeProblems(command[field], field);
        if (problem) throw invalid(problem.field, problem.rule);
      }
      const { type: _, ...data } = command;
      return [{ type: 'ReviewPublished', data }];
    }
    case 'CorrectEvent':
    case 'RetractEvent':
      return decideCorrection(command, state.correctable);
  }
}

function added(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  return new Set(set).add(id);
}

function evolve(state: AuthorityState, event: StoredDomainEvent<AuthorityEvent>): AuthorityState {
  const next = { ...state, correctable: rememberEvent(state.correctable, event) };
  switch (event.type) {
    case 'AuthorityRegistered':
      return { ...next, registered: true, laCode: event.data.laCode };
    case 'InspectionRecorded':
      return { ...next, inspections: added(state.inspections, event.data.inspectionId) };
    case 'MonitoringVisitLogged':
      return {
        ...next,
        visits: added(state.visits, event.data.visitId),
        lastMonitoringVisitNumber: Math.max(state.lastMonitoringVisitNumber, event.data.number),
      };
    case 'FocusedVisitLogged':
      return { ...next, visits: added(state.visits, event.data.visitId) };
    case 'FindingsRecorded':
      return { ...next, findings: added(state.findings, event.data.findingsId) };
    case 'InterventionIssued':
      return { ...next, activeInterventions: added(state.activeInterventions, event.data.interventionId) };
    case 'InterventionLifted': {
      const active = new Set(state.activeInterventions);
      active.delete(event.data.interventionId);
      return { ...next, activeInterventions: active, liftedInterventions: added(state.liftedInterventions, event.data.interventionId) };
    }
    case 'AppointmentMade':
      return { ...next, appointments: added(state.appointments, event.data.appointmentId) };
    case 'ReviewPublished':
      return { ...next, reviews: added(state.reviews, event.data.reviewId) };
    default:
      return next;
  }
}

/** A council's inspection and intervention history (`authority-<la_code>`). */
export const authorityDecider: Decider<AuthorityCommand, AuthorityEvent, AuthorityState> = {
  initialState: initialAuthorityState,
  decide,
  evolve,
};
