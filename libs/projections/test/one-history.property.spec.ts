import {
  DomainRuleViolation,
  decideOnHistory,
  planStream,
  stateOf,
  type HistoryEvent,
  type PlanCommand,
  type PlanDecisionContext,
} from '@plan-ledger/domain';
import type { JsonObject, RecordedEvent } from '@plan-ledger/event-store';
import fc from 'fast-check';
import { effectiveEntries, planView } from '@plan-ledger/projections';

/**
 * The deciders and the views must see one history. Random command sequences, with corrections (renaming ids,
 * re-pointing references, changing outcomes) and retractions (of facts and of corrections), are run through the
 * real parse and decide; whatever is accepted is appended. Then the decider's idea of every priority, action,
 * indicator, meeting and of the plan itself must equal what the plan view shows.
 */
const PLAN = 'prop-plan';
const context: PlanDecisionContext = {
  recordedOn: '2026-11-24',
  authority: { laCode: '885', inspections: new Set(['insp-1']), visits: new Set(['visit-1']) },
};
const priorityIds = ['p1', 'p2', 'p3'];
const actionIds = ['a1', 'a2', 'a3'];
const indicatorIds = ['i1', 'i2'];
const meetingIds = ['m1', 'm2'];

type Step =
  | { readonly kind: 'command'; readonly command: Record<string, unknown> }
  | { readonly kind: 'correct' | 'retract'; readonly pick: number; readonly changes: Record<string, unknown> };

const anyOf = (values: readonly string[]) => fc.constantFrom(...values);
const command = fc.oneof(
  fc.record({ type: fc.constant('SetPriority'), priorityId: anyOf(priorityIds), title: fc.constant('A priority') }),
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
  fc.record({
    type: fc.constant('GradeProgress'),
    target: fc.constant('priority'),
    targetId: anyOf(priorityIds),
    grade: fc.constantFrom('red', 'amber', 'green', 'blue'),
    gradedBy: fc.constant('board'),
  }),
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
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: command.map((c) => ({ kind: 'command' as const, command: c })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('correct' as const), pick: fc.nat(), changes }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retract' as const), pick: fc.nat(), changes: fc.constant({}) }) },
);

interface Logged extends HistoryEvent {
  readonly recorded: RecordedEvent;
}

function run(steps: readonly Step[]): Logged[] {
  const log: Logged[] = [];
  const submit = (input: Record<string, unknown>): void => {
    try {
      const parsed = planStream.parse(input, context) as PlanCommand;
      for (const event of decideOnHistory(planStream, parsed, log, context)) {
        const n = log.length;
        const eventId = `e${n + 1}`;
        const recordedAt = '2026-11-24T10:00:00.000Z';
        const occurredAt = { from: '2026-11-24', precision: 'day' as const };
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
            metadata: { occurredAt, actor: { id: 'tester', role: 'test' }, schemaVersion: 1 },
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

function deciderSees(log: readonly Logged[]) {
  const state = stateOf(planStream, log);
  if (state.status === 'absent') return { status: 'absent' };
  return {
    status: state.status,
    priorities: Object.fromEntries([...state.priorities].sort()),
    actions: Object.fromEntries([...state.actions].sort()),
    indicators: [...state.indicators.keys()].sort(),
    meetings: [...state.meetings].sort(),
  };
}

function viewShows(log: readonly Logged[]) {
  const view = planView(effectiveEntries(log.map((l) => l.recorded)), '2026-11-24');
  if (!view) return { status: 'absent' };
  return {
    status: view.status,
    priorities: Object.fromEntries(view.priorities.map((p) => [p.priorityId, p.status] as const).sort()),
    actions: Object.fromEntries(view.actions.map((a) => [a.actionId, a.status === 'open' ? 'open' : 'closed'] as const).sort()),
    indicators: view.indicators.map((i) => i.indicatorId).sort(),
    meetings: view.boardMeetings.map((m) => m.meetingId).sort(),
  };
}

describe('one effective history for deciding and reading', () => {
  it('the decider and the plan view agree on every priority, action, indicator, meeting and the plan, after any accepted sequence', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const log = run(steps);
        expect(deciderSees(log)).toEqual(viewShows(log));
      }),
      { numRuns: 300 },
    );
  });

  it('generates corrections and retractions that are accepted, so the property is not vacuous', () => {
    const samples = fc.sample(fc.array(step, { minLength: 20, maxLength: 40 }), { numRuns: 100, seed: 42 });
    const logs = samples.map(run);
    const count = (type: string) => logs.reduce((n, log) => n + log.filter((e) => e.type === type).length, 0);
    expect(count('EventCorrected')).toBeGreaterThan(20);
    expect(count('EventRetracted')).toBeGreaterThan(20);
  });
});
