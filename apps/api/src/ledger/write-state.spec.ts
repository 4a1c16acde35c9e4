import { effectiveHistory, planStream, stateOf, type PlanState } from '@plan-ledger/domain';
import { StreamHistory, type EventStore, type RecordedEvent } from '@plan-ledger/event-store';
import fc from 'fast-check';
import { run, step } from '../../../../libs/projections/test/support/plan-histories';
import { councilsOfPlanStream } from './plan-councils';
import { toHistoryEvent } from './to-history-event';
import { WriteState } from './write-state';
import { WriteStates } from './write-states';

/**
 * A write state kept between commands must be what the whole stream gives: the decider's state (stateOf), the plan's
 * creation as it stands, its councils and its revision. Random plan histories through the real parse and decide, with
 * corrections and retractions, are cut at random places and followed piece by piece.
 */

const withCommands = (events: readonly RecordedEvent[]): RecordedEvent[] =>
  events.map((event, n) => ({ ...event, metadata: { ...event.metadata, commandId: `command-${n}` } }));

function seen(state: PlanState) {
  if (state.status === 'absent') return { status: 'absent' };
  return {
    status: state.status,
    laCode: state.laCode,
    priorities: [...state.priorities].sort(),
    actions: [...state.actions].sort(),
    indicators: [...state.indicators].sort(),
    meetings: [...state.meetings].sort(),
  };
}

function whole(events: readonly RecordedEvent[]) {
  const history = events.map(toHistoryEvent);
  return {
    state: seen(stateOf(planStream, history)),
    created: effectiveHistory(history).find((event) => event.type === 'PlanCreated')?.data,
    councils: councilsOfPlanStream(events),
    revision: events.length > 0 ? events[events.length - 1].revision : undefined,
  };
}

const kept = (write: WriteState<PlanState>) => ({
  state: seen(write.state),
  created: write.created,
  councils: write.councils(),
  revision: write.revision,
});

/** A store holding one stream, growing as the test appends. */
function storeOf(events: RecordedEvent[]): Pick<EventStore, 'readStream'> {
  return {
    readStream: (_streamId, options = {}) => {
      const from = typeof options.fromRevision === 'bigint' ? options.fromRevision : 0n;
      return (async function* () {
        for (const event of events.slice()) if (event.revision >= from) yield event;
      })();
    },
  };
}

const priority = (priorityId: string) => ({ kind: 'command' as const, command: { type: 'SetPriority', priorityId, title: 'A priority' } });
/** A plan created, then two priorities set. */
const three = () => withCommands(run([priority('p1'), priority('p2')]).map((logged) => logged.recorded));

describe('WriteState', () => {
  it('followed piece by piece, is the whole stream folded at every cut where no correction comes', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), (steps, cuts) => {
        const events = withCommands(run(steps).map((logged) => logged.recorded));
        const at = [...new Set(cuts.map((cut) => cut % (events.length + 1)))].sort((a, b) => a - b);
        let write = WriteState.of(planStream, events.slice(0, at[0] ?? events.length));
        let from = at[0] ?? events.length;
        for (const to of [...at.slice(1), events.length]) {
          const piece = events.slice(from, to);
          const followed = write.follow(piece);
          expect(followed).toBe(!piece.some((event) => event.type === 'EventCorrected' || event.type === 'EventRetracted'));
          if (!followed) write = WriteState.of(planStream, events.slice(0, to));
          expect(kept(write)).toEqual(whole(events.slice(0, to)));
          from = to;
        }
        for (const event of events) expect(write.mayHold(event.metadata.commandId as string)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('passes over events it has already followed', () => {
    const events = three();
    const write = WriteState.of(planStream, events);
    expect(write.follow(events)).toBe(true);
    expect(kept(write)).toEqual(whole(events));
  });

  it('does not hold a command no event carries', () => {
    const write = WriteState.of(planStream, three());
    expect(write.mayHold('command-never-sent')).toBe(false);
  });
});

describe('WriteStates', () => {
  it('reads what was appended since, by anyone, and folds the stream again after a correction', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 5 }), async (steps, cuts) => {
        const all = withCommands(run(steps).map((logged) => logged.recorded));
        const stored: RecordedEvent[] = [];
        const store = storeOf(stored);
        const writes = new WriteStates(store, new StreamHistory(store));
        for (const to of [...new Set(cuts.map((cut) => cut % (all.length + 1)))].sort((a, b) => a - b).concat(all.length)) {
          stored.push(...all.slice(stored.length, to));
          expect(kept(await writes.read('plan-prop-plan', planStream))).toEqual(whole(stored));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('follows a command appended at the revision it read, and reads again when it was not', async () => {
    const all = three();
    expect(all).toHaveLength(3);
    const stored = all.slice(0, 1);
    const writes = new WriteStates(storeOf(stored), new StreamHistory(storeOf(stored)));
    const read = await writes.read('plan-prop-plan', planStream);
    expect(read.revision).toBe(0n);
    writes.appended('plan-prop-plan', 5n, all.slice(1));
    expect(read.revision).toBe(0n);
    writes.appended('plan-prop-plan', 0n, all.slice(1));
    expect(read.revision).toBe(all[all.length - 1].revision);
  });
});
