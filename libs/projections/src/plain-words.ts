import { describeBusinessTime, type BusinessTime } from '@plan-ledger/domain';
import type { Actor } from '@plan-ledger/event-store';

/** An event's data read without trusting its shape: the log may hold legacy data, and words must never throw. */
export type LooseData = Readonly<Record<string, unknown>>;

/**
 * The titles of what events name by id (priorities, actions, plans, indicators), per stream: ids are a plan's own,
 * so two plans may both have a priority p1.
 */
export type Names = ReadonlyMap<string, string>;

export function nameKey(streamId: string, kind: string, id: string): string {
  return `${streamId}|${kind}|${id}`;
}

function text(data: LooseData, field: string): string | undefined {
  const value = data[field];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBusinessTime(value: unknown): value is BusinessTime {
  return isObject(value) && typeof value.from === 'string' && typeof value.precision === 'string';
}

/** "priority p2 'The front door'": the id always (it is what the log holds), the title when it is known. */
function named(kind: string, id: string | undefined, title: string | undefined): string {
  const what = id === undefined ? kind : `${kind} ${id}`;
  return title ? `${what} '${title}'` : what;
}

function titleOf(names: Names, streamId: string, kind: string, id: string | undefined, own?: string): string | undefined {
  return own ?? (id === undefined ? undefined : names.get(nameKey(streamId, kind, id)));
}

function planIdOf(streamId: string): string | undefined {
  return streamId.startsWith('plan-') ? streamId.slice('plan-'.length) : undefined;
}

/** What an event is about, as a board would name it: "priority p2 'The front door'", "inspection sif-2016 (SIF)". */
export function subjectOf(type: string, data: LooseData, streamId: string, names: Names): string {
  const plan = (): string => named('plan', planIdOf(streamId), titleOf(names, streamId, 'plan', planIdOf(streamId)));
  const priority = (id = text(data, 'priorityId'), own?: string): string =>
    named('priority', id, titleOf(names, streamId, 'priority', id, own));
  const action = (id = text(data, 'actionId'), own?: string): string => named('action', id, titleOf(names, streamId, 'action', id, own));
  switch (type) {
    case 'AuthorityRegistered':
      return named('authority', text(data, 'laCode'), text(data, 'name'));
    case 'InspectionRecorded': {
      const framework = text(data, 'framework');
      return `${named('inspection', text(data, 'inspectionId'), undefined)}${framework ? ` (${framework})` : ''}`;
    }
    case 'MonitoringVisitLogged':
      return `monitoring visit ${text(data, 'number') ?? '?'} (${text(data, 'visitId') ?? 'no id'})`;
    case 'FocusedVisitLogged':
      return named(text(data, 'kind') ?? 'focused visit', text(data, 'visitId'), text(data, 'theme'));
    case 'FindingsRecorded':
      return `${named('findings', text(data, 'findingsId'), undefined)} on ${text(data, 'regarding') ?? '?'}`;
    case 'InterventionIssued':
    case 'InterventionLifted':
      return named('intervention', text(data, 'interventionId'), undefined);
    case 'AppointmentMade':
      return named('appointment', text(data, 'appointmentId'), undefined);
    case 'ReviewPublished':
      return named('review', text(data, 'reviewId'), text(data, 'title'));
    case 'SourceAttached': {
      const source = isObject(data.source) ? data.source : {};
      return `${named('document', undefined, text(source, 'title'))} on event ${text(data, 'regarding') ?? '?'}`;
    }
    case 'PlanCreated':
      return named('plan', text(data, 'planId') ?? planIdOf(streamId), text(data, 'title'));
    case 'PlanClosed':
      return plan();
    case 'PrioritySet':
      return priority(undefined, text(data, 'title'));
    case 'PriorityAmended':
    case 'PriorityRetired':
      return priority();
    case 'ActionAdded':
      return action(undefined, text(data, 'title'));
    case 'ActionAmended':
    case 'ActionClosed':
      return action();
    case 'ProgressGraded': {
      const target = text(data, 'target');
      const id = text(data, 'targetId');
      return target === 'priority' ? priority(id) : target === 'action' ? action(id) : plan();
    }
    case 'IndicatorDefined':
    case 'IndicatorMeasured': {
      const id = text(data, 'indicatorId');
      return named(
        'indicator',
        id,
        titleOf(names, streamId, 'indicator', id, type === 'IndicatorDefined' ? text(data, 'name') : undefined),
      );
    }
    case 'BoardMeetingHeld':
      return named('board meeting', text(data, 'meetingId'), undefined);
    default:
      return type;
  }
}

/** What an event says happened, as a sentence's start: "priority p2 'The front door' graded amber". */
export function factOf(type: string, data: LooseData, streamId: string, names: Names): string {
  const subject = subjectOf(type, data, streamId, names);
  switch (type) {
    case 'AuthorityRegistered':
      return `${subject} registered`;
    case 'InspectionRecorded':
      return `${subject} judged ${text(data, 'overall') ?? '(no judgement)'}`;
    case 'MonitoringVisitLogged':
    case 'FocusedVisitLogged':
      return `${subject} logged`;
    case 'FindingsRecorded':
      return `${subject} recorded`;
    case 'InterventionIssued':
      return `${subject} (${text(data, 'kind') ?? 'intervention'}) issued`;
    case 'InterventionLifted':
      return `${subject} lifted`;
    case 'AppointmentMade':
      return `${subject}: ${text(data, 'role') ?? 'someone'} ${text(data, 'name') ?? ''}`.trimEnd() + ' appointed';
    case 'ReviewPublished':
      return `${subject} published`;
    case 'SourceAttached':
      return `${subject} attached as a source`;
    case 'PlanCreated':
      return `${subject} created for council ${text(data, 'laCode') ?? '?'}`;
    case 'PlanClosed':
      return `${subject} closed`;
    case 'PrioritySet':
      return `${subject} set`;
    case 'PriorityAmended':
      return `${subject} amended`;
    case 'PriorityRetired':
      return `${subject} retired`;
    case 'ActionAdded':
      return `${subject} added`;
    case 'ActionAmended':
      return `${subject} amended`;
    case 'ActionClosed':
      return `${subject} closed (${text(data, 'outcome') ?? 'no outcome'})`;
    case 'ProgressGraded':
      return `${subject} graded ${text(data, 'grade') ?? '(no grade)'}`;
    case 'IndicatorDefined':
      return `${subject} defined`;
    case 'IndicatorMeasured':
      return `${subject} measured at ${text(data, 'value') ?? '?'}`;
    case 'BoardMeetingHeld':
      return `${subject} held`;
    default:
      return `${subject} recorded`;
  }
}

const FIELD_WORDS: Readonly<Record<string, string>> = {
  overall: 'overall judgement',
  laCode: 'council',
  onsCode: 'ONS code',
  due: 'due date',
  targetId: 'target',
};

function fieldWords(field: string): string {
  return FIELD_WORDS[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A value as a reader would say it: dates in words, lists joined, an absent value as "(none)". */
export function valueWords(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isBusinessTime(value)) return describeBusinessTime(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    return value.map((item) => (isObject(item) && typeof item.name === 'string' ? item.name : valueWords(item))).join(', ');
  }
  if (isObject(value) && typeof value.start === 'string' && typeof value.end === 'string') return `${value.start} to ${value.end}`;
  return JSON.stringify(value);
}

/** Area judgements compared area by area: "judgement for children in care inadequate → requires improvement". */
function judgementChanges(from: unknown, to: unknown): string[] {
  const byArea = (list: unknown): Map<string, unknown> =>
    new Map(
      (Array.isArray(list) ? list : []).flatMap((item) =>
        isObject(item) && typeof item.area === 'string' ? [[item.area, item.judgement]] : [],
      ),
    );
  const before = byArea(from);
  const after = byArea(to);
  return [...new Set([...before.keys(), ...after.keys()])]
    .filter((area) => before.get(area) !== after.get(area))
    .map((area) => `judgement for ${area} ${valueWords(before.get(area))} → ${valueWords(after.get(area))}`);
}

/**
 * A correction's changes in words: "grade red → amber". `from` holds the fields' values just before it, when known
 * (a correction of an event later retracted, or unreadable, has none to compare with).
 */
export function changeWords(changes: LooseData, from: LooseData | undefined): string[] {
  return Object.keys(changes).flatMap((field) => {
    if (field === 'judgements' && from) return judgementChanges(from[field], changes[field]);
    const after = valueWords(changes[field]);
    return [from ? `${fieldWords(field)} ${valueWords(from[field])} → ${after}` : `${fieldWords(field)} → ${after}`];
  });
}

/** Who did it, by name when the identity provider gave one, always with the id the log holds. */
export function actorWords(actor: Actor): string {
  return actor.displayName ? `${actor.displayName} (${actor.id})` : actor.id;
}
