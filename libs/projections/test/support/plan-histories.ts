import {
  currentSchemaVersion,
  DomainRuleViolation,
  decideOnHistory,
  planStream,
  type HistoryEvent,
  type PlanCommand,
  type PlanDecisionContext,
} from '@plan-ledger/domain';
import type { JsonObject, RecordedEvent } from '@plan-ledger/event-store';
import fc from 'fast-check';

/**
 * Random histories of one plan, run through the real parse and decide: commands of every kind, corrections (renaming
 * ids, re-pointing references, changing outcomes) and retractions (of facts and of corrections).
 */
export const PLAN = 'prop-plan';
const context: PlanDecisionContext = {
  recordedOn: '2026-11-24',
  authority: { laCode: '885', inspections: new Set(['insp-1']), visits: new Set(['visit-1']) },
};
const priorityIds = ['p1', 'p2', 'p3'];
const actionIds = ['a1', 'a2', 'a3'];
const indicatorIds = ['i1', 'i2'];
const meetingIds = ['m1', 'm2'];
const GRADED_ON = ['2026-09-30', '2026-10', '2026-11-24'];

export type Step =
  | { readonly kind: 'command'; readonly command: Record<string, unknown> }
  | { readonly kind: 'correct' | 'retract'; readonly pick: number; readonly changes: Record<string, unknown> };

const anyOf = (values: readonly string[]) => fc.constantFrom(...values);
const command = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('SetPriority'), priorityId: anyOf(priorityIds), title: fc.constant('A priority') }),
  },
  fc.record({ type: fc.constant('RetirePriority'), priorityId: anyOf(priorityIds), reason: fc.constant('done') }),
  fc.record({
    type: fc.constant('AddAction'),
    actionId: anyOf(actionIds),
    priorityId: anyOf(priorityIds),
    title: fc.constant('An action'),
    owner: fc.constant('Head of service'),
    due: fc.constant('2027-03-31'),
  }),
  fc.record({
    type: fc.constant('CloseAction'),
    actionId: anyOf(actionIds),
    outcome: fc.constantFrom('completed', 'dropped'),
  }),
  fc.record({ type: fc.constant('CloseAction'), actionId: anyOf(actionIds), outcome: fc.constant('merged'), mergedInto: anyOf(actionIds) }),
  fc.record({
    type: fc.constant('DefineIndicator'),
    indicatorId: anyOf(indicatorIds),
    name: fc.constant('Referrals'),
    unit: fc.constant('count'),
  }),
  fc.record({ type: fc.constant('MeasureIndicator'), indicatorId: anyOf(indicatorIds), value: fc.nat(500), at: fc.constant('2025-01-31') }),
  fc.record({ type: fc.constant('HoldBoardMeeting'), meetingId: anyOf(meetingIds), decisions: fc.constant([]) }),
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('GradeProgress'),
      target: fc.constant('priority'),
      targetId: anyOf(priorityIds),
      grade: fc.constantFrom('red', 'amber', 'green', 'blue'),
      gradedBy: fc.constant('board'),
      // Gradings recorded out of business-time order, so a grade history's order (business time, then log) is tried.
      occurredOn: anyOf(GRADED_ON),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('GradeProgress'),
      target: fc.constant('action'),
      targetId: anyOf(actionIds),
      grade: fc.constantFrom('red', 'amber', 'green'),
      gradedBy: fc.constant('board'),
      occurredOn: anyOf(GRADED_ON),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('GradeProgress'),
      target: fc.constant('plan'),
      grade: fc.constantFrom('red', 'amber', 'green'),
      gradedBy: fc.constant('board'),
      occurredOn: anyOf(GRADED_ON),
    }),
  },
  fc.record({ type: fc.constant('ClosePlan'), reason: fc.constant('superseded') }),
);
const changes = fc.oneof(
  fc.record({ priorityId: anyOf(priorityIds) }),
  fc.record({ actionId: anyOf(actionIds) }),
  fc.record({ indicatorId: anyOf(indicatorIds) }),
  fc.record({ meetingId: anyOf(meetingIds) }),
  fc.record({ outcome: fc.constantFrom('completed', 'dropped') }),
  fc.record({ title: fc.constant('Renamed') }),
  fc.record({ reason: fc.constant('a better reason') }),
  fc.record({ grade: fc.constantFrom('red', 'green') }),
);
export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: command.map((c) => ({ kind: 'command' as const, command: c })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('correct' as const), pick: fc.nat(), changes }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retract' as const), pick: fc.nat(), changes: fc.constant({}) }) },
);

export interface Logged extends HistoryEvent {
  readonly recorded: RecordedEvent;
}

/** Runs the steps through the real parse and decide; what is accepted is logged. `idOf` names the n-th event. */
export function run(steps: readonly Step[], idOf: (n: number) => string = (n) => `e${n}`): Logged[] {
  const log: Logged[] = [];
  const submit = ({ occurredOn, ...input }: Record<string, unknown>): void => {
    try {
      const parsed = planStream.parse(input, context) as PlanCommand;
      for (const event of decideOnHistory(planStream, parsed, log, context)) {
        const n = log.length;
        const eventId = idOf(n + 1);
        const recordedAt = '2026-11-24T10:00:00.000Z';
        const on = typeof occurredOn === 'string' ? occurredOn : '2026-11-24';
        const occurredAt = { from: on, precision: on.length === 7 ? ('month' as const) : ('day' as const) };
        const data = JSON.parse(JSON.stringify(event.data)) as JsonObject;
        log.push({
          eventId,
          type: event.type,
          data,
          recordedAt,
          occurredAt,
          recorded: {
            eventId,
            streamId: `plan-${PLAN}`,
            revision: BigInt(n),
            position: BigInt(n + 1),
            type: event.type,
            data,
            metadata: { occurredAt, actor: { id: 'tester', role: 'test' }, schemaVersion: currentSchemaVersion(event.type) },
            recordedAt,
            canonical: Buffer.alloc(0),
          },
        });
      }
    } catch (error) {
      if (!(error instanceof DomainRuleViolation)) throw error;
    }
  };
  submit({ type: 'CreatePlan', planId: PLAN, laCode: '885', title: 'Improvement plan', kind: 'improvement plan' });
  for (const s of steps) {
    if (s.kind === 'command') submit(s.command);
    else {
      const target = log[s.pick % log.length];
      if (s.kind === 'retract') submit({ type: 'RetractEvent', eventId: target.eventId, reason: 'entered in error' });
      else submit({ type: 'CorrectEvent', eventId: target.eventId, changes: s.changes, reason: 'typing error' });
    }
  }
  return log;
}
