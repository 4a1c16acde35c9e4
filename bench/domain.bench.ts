/**
 * `npm run bench:domain [-- --events 20000 --rounds 15]`
 * Folds one plan stream of N events (priorities, actions, grades, measurements, amendments, with corrections and
 * retractions mixed in) the way every command does, and decides one command on it, against a plain loop over the
 * same events that only counts them by type. Prints one line per figure and a final JSON line; goal: fold and decide
 * each under 100 ms at 20,000 events.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { decideOnHistory, planStream, stateOf, type HistoryEvent, type PlanDecisionContext } from '@plan-ledger/domain';

const { values } = parseArgs({ options: { events: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '15' } } });
const TOTAL = Number(values.events);
const ROUNDS = Number(values.rounds);
const context: PlanDecisionContext = {
  recordedOn: '2026-11-24',
  authority: { laCode: '885', inspections: new Set(['insp']), visits: new Set() },
};

function planHistory(total: number): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const push = (type: string, data: Record<string, unknown>) =>
    events.push({ eventId: `e${events.length + 1}`, type, data, recordedAt: '2026-11-24T09:00:00.000Z' });
  push('PlanCreated', { planId: 'bench', laCode: '885', title: 'Improvement plan', kind: 'improvement plan' });
  let priorities = 0;
  let actions = 0;
  while (events.length < total) {
    const n = events.length;
    if (n % 50 === 1) push('PrioritySet', { priorityId: `p${++priorities}`, title: `Priority ${priorities}` });
    else if (n % 5 === 0)
      push('ActionAdded', { actionId: `a${++actions}`, priorityId: `p${priorities}`, title: 'Act', owner: 'Head', due: '2027-01-31' });
    else if (n % 5 === 1) push('ActionAmended', { actionId: `a${actions}`, due: '2027-02-28', reason: 'slipped' });
    else if (n % 5 === 2) push('ProgressGraded', { target: 'priority', targetId: `p${priorities}`, grade: 'amber', gradedBy: 'board' });
    else if (n % 5 === 3 && n % 97 < 5) push('EventCorrected', { correctedEventId: `e${n}`, changes: { grade: 'green' }, reason: 'typo' });
    else if (n % 5 === 4 && n % 89 < 5) push('EventRetracted', { retractedEventId: `e${n - 1}`, reason: 'entered twice' });
    else push('ProgressGraded', { target: 'plan', grade: 'red', gradedBy: 'commissioner' });
  }
  return events;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(rounds: number, work: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const history = planHistory(TOTAL);
const plainLoop = () => {
  const counts = new Map<string, number>();
  for (const event of history) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  return counts;
};
const command = planStream.parse(
  { type: 'AddAction', actionId: 'a-new', priorityId: 'p1', title: 'New', owner: 'Head', due: '2027-06-30' },
  context,
);
// A correction is decided on the whole history: the stream is parsed and decided again, event by event.
const latestAction = [...history].reverse().find((e) => e.type === 'ActionAdded')!.eventId;
const recentCorrection = planStream.parse(
  { type: 'CorrectEvent', eventId: latestAction, changes: { owner: 'Director' }, reason: 'wrong owner' },
  context,
);
const correction = planStream.parse(
  {
    type: 'CorrectEvent',
    eventId: history.find((e) => e.type === 'ActionAdded')!.eventId,
    changes: { owner: 'Director' },
    reason: 'wrong owner',
  },
  context,
);

// Warm up the JIT on all three, then time them interleaved so machine noise hits each alike.
for (let i = 0; i < 3; i++) {
  plainLoop();
  stateOf(planStream, history);
  decideOnHistory(planStream, command, history, context);
}
const plain: number[] = [];
const fold: number[] = [];
const decide: number[] = [];
const correct: number[] = [];
const correctRecent: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  correctRecent.push(time(1, () => decideOnHistory(planStream, recentCorrection, history, context)));
  correct.push(time(1, () => decideOnHistory(planStream, correction, history, context)));
  plain.push(time(1, plainLoop));
  fold.push(time(1, () => stateOf(planStream, history)));
  decide.push(time(1, () => decideOnHistory(planStream, command, history, context)));
}
const result = {
  events: history.length,
  plainLoopMs: +median(plain).toFixed(2),
  foldMs: +median(fold).toFixed(2),
  decideMs: +median(decide).toFixed(2),
  correctFirstActionMs: +median(correct).toFixed(2),
  correctLatestActionMs: +median(correctRecent).toFixed(2),
  foldToPlain: +(median(fold) / median(plain)).toFixed(1),
  decideToPlain: +(median(decide) / median(plain)).toFixed(1),
};
console.log(`plan stream of ${result.events} events, median of ${ROUNDS} rounds`);
console.log(`plain loop over the events   ${result.plainLoopMs} ms`);
console.log(`fold (effective history)     ${result.foldMs} ms  (${result.foldToPlain}x plain)`);
console.log(`decide one command on it     ${result.decideMs} ms  (${result.decideToPlain}x plain)`);
console.log(`correct the first action      ${result.correctFirstActionMs} ms  (every later event parsed and decided again)`);
console.log(`correct the latest action     ${result.correctLatestActionMs} ms`);
console.log(JSON.stringify({ ...result, targetsMet: result.foldMs < 100 && result.decideMs < 100 }));
