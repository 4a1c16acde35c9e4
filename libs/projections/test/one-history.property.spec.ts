import { planStream, stateOf } from '@plan-ledger/domain';
import fc from 'fast-check';
import { effectiveEntries, planView } from '@plan-ledger/projections';
import { run, step, type Logged } from './support/plan-histories';

/**
 * The deciders and the views must see one history. Random command sequences, with corrections (renaming ids,
 * re-pointing references, changing outcomes) and retractions (of facts and of corrections), are run through the
 * real parse and decide; whatever is accepted is appended. Then the decider's idea of every priority, action,
 * indicator, meeting and of the plan itself must equal what the plan view shows.
 */

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
    const logs = samples.map((steps) => run(steps));
    const count = (type: string) => logs.reduce((n, log) => n + log.filter((e) => e.type === type).length, 0);
    expect(count('EventCorrected')).toBeGreaterThan(20);
    expect(count('EventRetracted')).toBeGreaterThan(20);
  });
});
