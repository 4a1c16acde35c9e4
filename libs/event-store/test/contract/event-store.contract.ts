import {
  canonicalBytes,
  DuplicateCommandId,
  DuplicateEventId,
  InvalidEvent,
  ManualClock,
  StreamNotFound,
  WrongExpectedRevision,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type JsonObject,
  type RecordedEvent,
} from '@plan-ledger/event-store';
import { validate as isUuid } from 'uuid';
import { anEvent, boardMember, collect, eventsUnder, uniquePrefix, withId } from '../support/events';

export interface ContractHarness {
  readonly store: EventStore;
  readonly clock: ManualClock;
  /** Closes the store and opens a new one over the same data, as a restart would. */
  reopen(): Promise<EventStore>;
  cleanup(): Promise<void>;
}

export interface AdapterTraits {
  /** SQLite numbers the log 1, 2, 3...; EventStoreDB's commit positions only grow. */
  readonly gaplessPositions: boolean;
  /** SQLite indexes event ids across the whole log; EventStoreDB only knows them within a stream. */
  readonly eventIdsUniqueAcrossStreams: boolean;
}

/**
 * What every EventStore adapter promises. Tests use their own stream prefix, so they also hold
 * against a shared, non-empty server.
 */
export function eventStoreContract(adapter: string, openHarness: () => Promise<ContractHarness>, traits: AdapterTraits): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let harness: ContractHarness;
    let store: EventStore;
    let clock: ManualClock;
    let prefix: string;
    const stream = (name: string): string => `${prefix}${name}`;

    beforeEach(async () => {
      harness = await openHarness();
      store = harness.store;
      clock = harness.clock;
      prefix = uniquePrefix();
    });
    afterEach(async () => harness.cleanup());

    async function expectNothingStoredUnder(): Promise<void> {
      expect(await eventsUnder(store, prefix)).toEqual([]);
    }

    async function rejection(promise: Promise<unknown>): Promise<Error> {
      try {
        await promise;
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected a rejection, but the call succeeded');
    }

    describe('round trip', () => {
      it('returns data and metadata exactly as appended, stamped with recordedAt from the store clock', async () => {
        clock.set('2026-03-02T10:15:00.123Z');
        const event = withId(
          anEvent({
            type: 'MonitoringVisitLogged',
            data: { visitNumber: 7, areas: ['front door', 'child protection'], lead: { name: 'A. Inspector' }, ratio: 65.5, none: null },
            metadata: {
              occurredAt: { from: '2018-09-04', to: '2018-09-05', precision: 'day', label: '4 and 5 September 2018' },
              actor: boardMember,
              correlationId: 'corr-1',
              causationId: 'cmd-1',
              commandId: 'cmd-1',
              source: { title: 'Monitoring visit letter', date: '2018-09-27' },
              schemaVersion: 2,
            },
          }),
        );
        const result = await store.append(stream('a'), [event], { expectedRevision: 'no_stream' });
        const [read] = await collect(store.readStream(stream('a')));

        expect(read.eventId).toBe(event.eventId);
        expect(read.streamId).toBe(stream('a'));
        expect(read.revision).toBe(0n);
        expect(read.type).toBe('MonitoringVisitLogged');
        expect(read.data).toEqual(event.data);
        expect(read.metadata).toEqual(event.metadata);
        expect(read.recordedAt).toBe('2026-03-02T10:15:00.123Z');
        expect(read.position).toBe(result.position);
        expect(result).toMatchObject({ streamId: stream('a'), nextExpectedRevision: 0n, alreadyRecorded: false });
        expect(result.events[0].canonical.equals(read.canonical)).toBe(true);
      });

      it('keeps RFC 8785 canonical bytes of the whole envelope', async () => {
        const event = withId(anEvent({ data: { zeta: 1, alpha: 'ä', nested: { b: 2, a: 1e21 } } }));
        await store.append(stream('a'), [event], { expectedRevision: 'any' });
        const [read] = await collect(store.readStream(stream('a')));
        const envelope = JSON.parse(read.canonical.toString('utf8')) as JsonObject;

        expect(envelope).toEqual({
          eventId: read.eventId,
          streamId: read.streamId,
          revision: 0,
          type: read.type,
          data: event.data,
          metadata: { ...event.metadata, schemaVersion: 1 },
          recordedAt: read.recordedAt,
        });
        expect(read.canonical.equals(canonicalBytes(envelope))).toBe(true);
        expect(read.canonical.toString('utf8')).toContain('"data":{"alpha":"ä","nested":{"a":1e+21,"b":2},"zeta":1}');
      });

      it('generates a UUID for an event without an id and defaults schemaVersion to 1', async () => {
        const result = await store.append(stream('a'), [anEvent()], { expectedRevision: 'no_stream' });
        expect(isUuid(result.events[0].eventId)).toBe(true);
        expect(result.events[0].metadata.schemaVersion).toBe(1);
      });
    });

    describe('expected revision', () => {
      const cases: { name: string; existing: number; expected: ExpectedRevision; ok: boolean; actual?: bigint | 'no_stream' }[] = [
        { name: 'no_stream on a new stream', existing: 0, expected: 'no_stream', ok: true },
        { name: 'no_stream on an existing stream', existing: 1, expected: 'no_stream', ok: false, actual: 0n },
        { name: 'stream_exists on a new stream', existing: 0, expected: 'stream_exists', ok: false, actual: 'no_stream' },
        { name: 'stream_exists on an existing stream', existing: 2, expected: 'stream_exists', ok: true },
        { name: 'any on a new stream', existing: 0, expected: 'any', ok: true },
        { name: 'any on an existing stream', existing: 3, expected: 'any', ok: true },
        { name: 'the current revision', existing: 2, expected: 1n, ok: true },
        { name: 'a stale revision', existing: 3, expected: 1n, ok: false, actual: 2n },
        { name: 'a revision ahead of the stream', existing: 1, expected: 5n, ok: false, actual: 0n },
        { name: 'a revision on a new stream', existing: 0, expected: 0n, ok: false, actual: 'no_stream' },
      ];
      it.each(cases)('$name', async ({ existing, expected, ok, actual }) => {
        for (let i = 0; i < existing; i++) await store.append(stream('s'), [anEvent()], { expectedRevision: 'any' });
        const attempt = store.append(stream('s'), [anEvent({ type: 'ActionAdded' })], { expectedRevision: expected });
        if (ok) {
          const result = await attempt;
          expect(result.nextExpectedRevision).toBe(BigInt(existing));
        } else {
          const error = await rejection(attempt);
          expect(error).toBeInstanceOf(WrongExpectedRevision);
          expect(error).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: stream('s'), expected, actual });
        }
        const types = existing > 0 || ok ? (await collect(store.readStream(stream('s')))).map((e) => e.type) : [];
        expect(types.filter((t) => t === 'ActionAdded')).toHaveLength(ok ? 1 : 0);
        expect(types).toHaveLength(existing + (ok ? 1 : 0));
      });

      it('lets exactly one of two racing writers win, and tells the loser what it expected and found', async () => {
        await store.append(stream('race'), [anEvent()], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled([
          store.append(stream('race'), [anEvent({ type: 'ActionAdded' })], { expectedRevision: 0n }),
          store.append(stream('race'), [anEvent({ type: 'ActionAmended' })], { expectedRevision: 0n }),
        ]);
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', expected: 0n, actual: 1n });
        expect(await collect(store.readStream(stream('race')))).toHaveLength(2);
      });
    });

    describe('atomic appends', () => {
      it('stores a batch at consecutive revisions and positions', async () => {
        await store.append(stream('other'), [anEvent()], { expectedRevision: 'any' });
        const result = await store.append(stream('b'), [anEvent(), anEvent({ type: 'ActionAdded' }), anEvent({ type: 'ActionClosed' })], {
          expectedRevision: 'no_stream',
        });
        expect(result.events.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(result.nextExpectedRevision).toBe(2n);
        expect(result.position).toBe(result.events[2].position);
        const positions = result.events.map((e) => e.position);
        expect(positions[0] < positions[1] && positions[1] < positions[2]).toBe(true);
        if (traits.gaplessPositions) expect(positions).toEqual([positions[0], positions[0] + 1n, positions[0] + 2n]);
        expect(new Set(result.events.map((e) => e.recordedAt)).size).toBe(1);
      });

      it('stores nothing of a batch when one event is invalid', async () => {
        const error = await rejection(
          store.append(stream('b'), [anEvent(), anEvent({ type: '' }), anEvent()], { expectedRevision: 'any' }),
        );
        expect(error).toBeInstanceOf(InvalidEvent);
        expect((error as InvalidEvent).field).toBe('events[1].type');
        await expectNothingStoredUnder();
      });

      it('stores nothing of a batch that loses its revision check', async () => {
        await store.append(stream('b'), [anEvent()], { expectedRevision: 'no_stream' });
        await rejection(store.append(stream('b'), [anEvent(), anEvent()], { expectedRevision: 'no_stream' }));
        expect(await collect(store.readStream(stream('b')))).toHaveLength(1);
      });

      (traits.eventIdsUniqueAcrossStreams ? it : it.skip)(
        'stores nothing of a batch when one of its ids is already taken in another stream',
        async () => {
          const taken = withId();
          await store.append(stream('b'), [taken], { expectedRevision: 'no_stream' });
          const error = await rejection(
            store.append(stream('c'), [withId(), { ...taken, type: 'ActionAdded' }], { expectedRevision: 'any' }),
          );
          expect(error).toBeInstanceOf(DuplicateEventId);
          await expect(collect(store.readStream(stream('c')))).rejects.toBeInstanceOf(StreamNotFound);
        },
      );
    });

    describe('idempotency on event ids', () => {
      it('returns the original result for a retried append and stores nothing new', async () => {
        const batch = [withId(), withId(anEvent({ type: 'ActionAdded' }))];
        const first = await store.append(stream('i'), batch, { expectedRevision: 'no_stream' });
        clock.advance(60_000);
        const retry = await store.append(stream('i'), batch, { expectedRevision: 'no_stream' });

        expect(retry.alreadyRecorded).toBe(true);
        expect(retry.position).toBe(first.position);
        expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(retry.events.map((e) => e.recordedAt)).toEqual(first.events.map((e) => e.recordedAt));
        expect(await collect(store.readStream(stream('i')))).toHaveLength(2);
      });

      it('recognises a retry after later writes, with the revision the writer expected then', async () => {
        const event = withId();
        await store.append(stream('i'), [anEvent()], { expectedRevision: 'no_stream' });
        const first = await store.append(stream('i'), [event], { expectedRevision: 0n });
        await store.append(stream('i'), [anEvent()], { expectedRevision: 1n });
        const retry = await store.append(stream('i'), [event], { expectedRevision: 0n });
        expect(retry).toMatchObject({ alreadyRecorded: true, nextExpectedRevision: 1n, position: first.position });
        const retryAny = await store.append(stream('i'), [event], { expectedRevision: 'any' });
        expect(retryAny.alreadyRecorded).toBe(true);
        expect(await collect(store.readStream(stream('i')))).toHaveLength(3);
      });

      it.each([
        ['different data', (e: EventToAppend): EventToAppend => ({ ...e, data: { priorityId: 'p2' } })],
        ['a different type', (e: EventToAppend): EventToAppend => ({ ...e, type: 'PriorityRetired' })],
        [
          'different metadata',
          (e: EventToAppend): EventToAppend => ({ ...e, metadata: { ...e.metadata, actor: { id: 'other', role: 'council' } } }),
        ],
      ])('refuses the same event id with %s', async (_, change) => {
        const event = withId();
        await store.append(stream('i'), [event], { expectedRevision: 'no_stream' });
        const error = await rejection(store.append(stream('i'), [change(event)], { expectedRevision: 'no_stream' }));
        expect(error).toBeInstanceOf(DuplicateEventId);
        expect(error).toMatchObject({ code: 'DUPLICATE_EVENT_ID', eventId: event.eventId });
        expect(await collect(store.readStream(stream('i')))).toHaveLength(1);
      });

      it('refuses the same event id at another place in its stream, and in another stream where ids are global', async () => {
        const event = withId();
        await store.append(stream('i'), [anEvent(), event], { expectedRevision: 'no_stream' });
        if (traits.eventIdsUniqueAcrossStreams) {
          await expect(store.append(stream('j'), [event], { expectedRevision: 'any' })).rejects.toBeInstanceOf(DuplicateEventId);
        }
        await expect(store.append(stream('i'), [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(DuplicateEventId);
        await expect(store.append(stream('i'), [event, withId()], { expectedRevision: 0n })).rejects.toBeInstanceOf(DuplicateEventId);
        expect(await eventsUnder(store, prefix)).toHaveLength(2);
      });

      it('stores nothing of a batch when one of its ids is already taken in the same stream', async () => {
        const taken = withId();
        await store.append(stream('b'), [taken], { expectedRevision: 'no_stream' });
        await expect(
          store.append(stream('b'), [withId(), { ...taken, type: 'ActionAdded' }], { expectedRevision: 0n }),
        ).rejects.toBeInstanceOf(DuplicateEventId);
        expect(await collect(store.readStream(stream('b')))).toHaveLength(1);
      });
    });

    describe('idempotency on commands (actor, commandId)', () => {
      const commandOf = (commandId: string, actorId = boardMember.id) => {
        const metadata = { ...anEvent().metadata, actor: { ...boardMember, id: actorId }, commandId, correlationId: commandId };
        return (...types: string[]): EventToAppend[] => types.map((type) => anEvent({ type, metadata }));
      };
      const keyed = (commandId: string, expectedRevision: ExpectedRevision = 'any') => ({
        expectedRevision,
        idempotency: { commandId },
      });
      const commandId = () => `cmd-${uniquePrefix()}`;

      it('returns the original result to the same command sent again with fresh event ids, even behind later writes', async () => {
        const key = commandId();
        const events = commandOf(key);
        await store.append(stream('c'), [anEvent()], { expectedRevision: 'no_stream' });
        const first = await store.append(stream('c'), events('PlanCreated', 'PrioritySet'), keyed(key, 0n));
        clock.advance(60_000);
        await store.append(stream('c'), [anEvent()], { expectedRevision: 2n });

        const retry = await store.append(stream('c'), events('PlanCreated', 'PrioritySet'), keyed(key, 0n));
        expect(retry).toMatchObject({ alreadyRecorded: true, position: first.position, nextExpectedRevision: 2n });
        expect(retry.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
        expect(retry.events.map((e) => e.recordedAt)).toEqual(first.events.map((e) => e.recordedAt));
        expect(await collect(store.readStream(stream('c')))).toHaveLength(4);
        // The store gave the events their ids: time-ordered UUIDs (v7), not derived from the command.
        expect(first.events.map((e) => e.eventId[14])).toEqual(['7', '7']);
      });

      it('refuses another append under a recorded command (content, number of events, place), storing nothing', async () => {
        const key = commandId();
        const events = commandOf(key);
        const first = await store.append(stream('c'), events('PlanCreated'), keyed(key, 'no_stream'));
        const other = { ...events('PlanCreated')[0], data: { priorityId: 'p9' } };
        for (const attempt of [
          store.append(stream('c'), [other], keyed(key, 'no_stream')),
          store.append(stream('c'), events('PlanCreated', 'PrioritySet'), keyed(key, 'no_stream')),
          store.append(stream('c'), events('PlanCreated'), keyed(key, 0n)),
        ]) {
          const error = await rejection(attempt);
          expect(error).toBeInstanceOf(DuplicateCommandId);
          expect(error).toBeInstanceOf(DuplicateEventId);
          expect(error).toMatchObject({ code: 'DUPLICATE_EVENT_ID', commandId: key, eventId: first.events[0].eventId });
        }
        expect(await collect(store.readStream(stream('c')))).toHaveLength(1);
      });

      it('keys a command by its sender: the same commandId from another actor is another command', async () => {
        const key = commandId();
        await store.append(stream('c'), commandOf(key)('PlanCreated'), keyed(key));
        const theirs = await store.append(stream('c'), commandOf(key, 'someone-else')('PlanCreated'), keyed(key));
        expect(theirs.alreadyRecorded).toBe(false);
        expect(await collect(store.readStream(stream('c')))).toHaveLength(2);
      });

      it('refuses a recorded command on another stream where commands are unique across the log', async () => {
        const key = commandId();
        await store.append(stream('c'), commandOf(key)('PlanCreated'), keyed(key));
        const elsewhere = store.append(stream('d'), commandOf(key)('PlanCreated'), keyed(key));
        if (traits.eventIdsUniqueAcrossStreams) {
          const error = await rejection(elsewhere);
          expect(error).toBeInstanceOf(DuplicateCommandId);
          expect(error.message).toContain(stream('c'));
          await expect(collect(store.readStream(stream('d')))).rejects.toBeInstanceOf(StreamNotFound);
        } else {
          expect((await elsewhere).alreadyRecorded).toBe(false);
        }
      });

      it('checks the command before the expected revision, so of two identical sends racing, both get the one record', async () => {
        const key = commandId();
        const [a, b] = await Promise.all([
          store.append(stream('r'), commandOf(key)('PlanCreated'), keyed(key, 'no_stream')),
          store.append(stream('r'), commandOf(key)('PlanCreated'), keyed(key, 'no_stream')),
        ]);
        expect([a.alreadyRecorded, b.alreadyRecorded].sort()).toEqual([false, true]);
        expect(a.events.map((e) => e.eventId)).toEqual(b.events.map((e) => e.eventId));
        expect(await collect(store.readStream(stream('r')))).toHaveLength(1);

        const other = commandId();
        const racing = await Promise.allSettled([
          store.append(stream('s'), commandOf(other)('PlanCreated'), keyed(other, 'no_stream')),
          store.append(stream('s'), commandOf(other)('PlanRenamed'), keyed(other, 'no_stream')),
        ]);
        expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const [lost] = racing.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(lost.reason).toBeInstanceOf(DuplicateCommandId);
      });

      it('refuses a keyed append whose events do not all carry its commandId and actor, as InvalidEvent', async () => {
        const key = commandId();
        const error = await rejection(
          store.append(stream('c'), [...commandOf(key)('PlanCreated'), anEvent(), ...commandOf(key, 'x')('PrioritySet')], keyed(key)),
        );
        expect(error).toBeInstanceOf(InvalidEvent);
        expect((error as InvalidEvent).problems.map((p) => p.field)).toEqual([
          'events[1].metadata.commandId',
          'events[2].metadata.actor.id',
        ]);
        await expectNothingStoredUnder();
      });
    });

    describe('reading the log', () => {
      it('keeps one global order across streams', async () => {
        const order: string[] = [];
        for (let i = 0; i < 6; i++) {
          const name = stream(i % 2 === 0 ? 'plan' : 'authority');
          const result = await store.append(name, [anEvent({ data: { step: i } })], { expectedRevision: 'any' });
          order.push(result.events[0].eventId);
        }
        const all = await eventsUnder(store, prefix);
        expect(all.map((e) => e.eventId)).toEqual(order);
        for (let i = 1; i < all.length; i++) {
          expect(all[i].position > all[i - 1].position).toBe(true);
          if (traits.gaplessPositions) expect(all[i].position).toBe(all[i - 1].position + 1n);
        }
      });

      it('reads all from a position (inclusive), by type, by stream prefix and up to a count', async () => {
        const a = await store.append(stream('plan-1'), [anEvent({ type: 'PlanCreated' }), anEvent({ type: 'PrioritySet' })], {
          expectedRevision: 'no_stream',
        });
        await store.append(stream('authority-885'), [anEvent({ type: 'InspectionRecorded' })], { expectedRevision: 'no_stream' });
        await store.append(stream('plan-1'), [anEvent({ type: 'ActionAdded' })], { expectedRevision: 1n });

        const fromSecond = await collect(store.readAll({ fromPosition: a.events[1].position, streamPrefix: prefix }));
        expect(fromSecond.map((e) => e.type)).toEqual(['PrioritySet', 'InspectionRecorded', 'ActionAdded']);
        const byType = await collect(store.readAll({ types: ['PlanCreated', 'ActionAdded'], streamPrefix: prefix }));
        expect(byType.map((e) => e.type)).toEqual(['PlanCreated', 'ActionAdded']);
        const plans = await collect(store.readAll({ streamPrefix: stream('plan-') }));
        expect(plans.map((e) => e.type)).toEqual(['PlanCreated', 'PrioritySet', 'ActionAdded']);
        const two = await collect(store.readAll({ fromPosition: a.events[0].position, maxCount: 2 }));
        expect(two.map((e) => e.type)).toEqual(['PlanCreated', 'PrioritySet']);
      });

      it('reads a stream forwards, backwards, from a revision and up to a count', async () => {
        const types = ['PlanCreated', 'PrioritySet', 'ActionAdded', 'ActionAmended', 'ActionClosed'];
        await store.append(
          stream('p'),
          types.map((type) => anEvent({ type })),
          { expectedRevision: 'no_stream' },
        );
        const read = async (options: object): Promise<string[]> =>
          (await collect(store.readStream(stream('p'), options))).map((e) => e.type);

        expect(await read({})).toEqual(types);
        expect(await read({ direction: 'backwards' })).toEqual([...types].reverse());
        expect(await read({ fromRevision: 2n })).toEqual(types.slice(2));
        expect(await read({ fromRevision: 2n, direction: 'backwards', maxCount: 2 })).toEqual(['ActionAdded', 'PrioritySet']);
        expect(await read({ maxCount: 1 })).toEqual(['PlanCreated']);
        expect(await read({ fromRevision: 'end', direction: 'backwards', maxCount: 1 })).toEqual(['ActionClosed']);
      });

      it('reports a stream that does not exist', async () => {
        const error = await rejection(collect(store.readStream(stream('nowhere'))));
        expect(error).toBeInstanceOf(StreamNotFound);
        expect(error).toMatchObject({ code: 'STREAM_NOT_FOUND', streamId: stream('nowhere') });
      });
    });

    describe('recordedUntil ("as known at")', () => {
      async function threeDays(): Promise<RecordedEvent[]> {
        const recorded: RecordedEvent[] = [];
        for (const [day, type] of [
          ['01', 'PlanCreated'],
          ['02', 'PrioritySet'],
          ['03', 'ActionAdded'],
        ]) {
          clock.set(`2026-05-${day}T12:00:00.000Z`);
          recorded.push(...(await store.append(stream('p'), [anEvent({ type })], { expectedRevision: 'any' })).events);
        }
        return recorded;
      }

      it('cuts readAll and readStream at the instant, inclusive', async () => {
        await threeDays();
        const allUntil = async (until: string): Promise<string[]> =>
          (await eventsUnder(store, prefix, { recordedUntil: until })).map((e) => e.type);
        const streamUntil = async (until: string): Promise<string[]> =>
          (await collect(store.readStream(stream('p'), { recordedUntil: until }))).map((e) => e.type);

        expect(await allUntil('2026-05-02T12:00:00.000Z')).toEqual(['PlanCreated', 'PrioritySet']);
        expect(await allUntil('2026-05-02T11:59:59.999Z')).toEqual(['PlanCreated']);
        expect(await allUntil('2026-04-30T00:00:00.000Z')).toEqual([]);
        expect(await streamUntil('2026-05-02T18:00:00.000Z')).toEqual(['PlanCreated', 'PrioritySet']);
        expect(
          await collect(store.readStream(stream('p'), { recordedUntil: new Date('2026-06-01T00:00:00Z'), direction: 'backwards' })),
        ).toHaveLength(3);
      });

      it('finds the position of the last event recorded by an instant, inclusive, where readAll with recordedUntil ends', async () => {
        const [first, second, third] = await threeDays();
        clock.set('2026-05-04T12:00:00.000Z');
        const batch = await store.append(stream('p'), [anEvent(), anEvent()], { expectedRevision: 'any' });

        expect(await store.positionRecordedBy('2026-05-02T12:00:00.000Z')).toBe(second.position);
        expect(await store.positionRecordedBy(new Date('2026-05-02T11:59:59.999Z'))).toBe(first.position);
        expect(await store.positionRecordedBy('2026-05-03T23:59:59.999Z')).toBe(third.position);
        // The events of one append share their recordedAt: the cut takes the whole append, up to its last event.
        expect(await store.positionRecordedBy('2026-05-04T12:00:00.000Z')).toBe(batch.position);
        expect(await store.positionRecordedBy('2027-01-01T00:00:00.000Z')).toBe(await store.headPosition());
        expect((await store.positionRecordedBy('2026-04-30T00:00:00.000Z')) < first.position).toBe(true);
        const cut = '2026-05-03T12:00:00.000Z';
        const read = await collect(store.readAll({ recordedUntil: cut }));
        expect(await store.positionRecordedBy(cut)).toBe(read[read.length - 1].position);
        await expect(store.positionRecordedBy('not a time')).rejects.toMatchObject({ code: 'INVALID_READ_OPTION', field: 'recordedUntil' });
      });

      it('never lets recordedAt go backwards, even when the clock does', async () => {
        clock.set('2026-05-10T12:00:00.000Z');
        await store.append(stream('p'), [anEvent()], { expectedRevision: 'any' });
        clock.set('2026-05-09T08:00:00.000Z');
        const later = await store.append(stream('q'), [anEvent()], { expectedRevision: 'any' });
        expect(later.events[0].recordedAt).toBe('2026-05-10T12:00:00.000Z');
        const all = await eventsUnder(store, prefix);
        expect(all.map((e) => e.recordedAt)).toEqual(['2026-05-10T12:00:00.000Z', '2026-05-10T12:00:00.000Z']);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up from a checkpoint while 5,000 events are appended, delivering each exactly once in order', async () => {
        const before = await store.append(stream('seed'), [anEvent(), anEvent(), anEvent()], { expectedRevision: 'no_stream' });
        const checkpoint = before.events[0].position;
        const subscription = store.subscribeToAll({ fromPosition: checkpoint, streamPrefix: prefix });
        const total = 5_000;
        const expectedIds: string[] = before.events.slice(1).map((e) => e.eventId);

        const writing = (async () => {
          for (let i = 0; i < total; i++) {
            const result = await store.append(stream(`w${i % 7}`), [anEvent({ data: { i } })], { expectedRevision: 'any' });
            expectedIds.push(result.events[0].eventId);
            if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        const seen: RecordedEvent[] = [];
        for await (const event of subscription) {
          seen.push(event);
          if (seen.length === total + 2) break;
        }
        await writing;
        await subscription.stop();

        expect(seen.map((e) => e.eventId)).toEqual(expectedIds);
        // One assertion over all 5,002 rather than an expect() each, which cost ~0.5 s per adapter.
        const notAfterPrevious = seen.filter((e, i) => i > 0 && !(e.position > seen[i - 1].position)).map((e) => e.position);
        expect(notAfterPrevious).toEqual([]);
      });

      it("from 'end' delivers only what is appended afterwards, and stop() ends the feed", async () => {
        await store.append(stream('old'), [anEvent()], { expectedRevision: 'no_stream' });
        const subscription = store.subscribeToAll({ fromPosition: 'end', streamPrefix: prefix });
        const received: string[] = [];
        const reading = (async () => {
          for await (const event of subscription) received.push(event.streamId);
        })();
        await store.append(stream('new'), [anEvent()], { expectedRevision: 'no_stream' });
        await waitFor(() => received.length === 1);
        await subscription.stop();
        await reading;
        expect(received).toEqual([stream('new')]);
      });

      it('resumes from a saved position after a restart', async () => {
        await store.append(stream('r'), [anEvent({ data: { n: 1 } }), anEvent({ data: { n: 2 } })], { expectedRevision: 'no_stream' });
        const first = store.subscribeToAll({ fromPosition: 'start', streamPrefix: prefix });
        let saved = 0n;
        for await (const event of first) {
          saved = event.position;
          break;
        }
        await first.stop();

        store = await harness.reopen();
        await store.append(stream('r'), [anEvent({ data: { n: 3 } })], { expectedRevision: 1n });
        const resumed = store.subscribeToAll({ fromPosition: saved, streamPrefix: prefix });
        const numbers: unknown[] = [];
        for await (const event of resumed) {
          numbers.push(event.data.n);
          if (numbers.length === 2) break;
        }
        await resumed.stop();
        expect(numbers).toEqual([2, 3]);
      });
    });

    describe('bad input is refused with InvalidEvent and stores nothing', () => {
      const big = 'x'.repeat(1024 * 1024);
      const notJson: [string, unknown, string][] = [
        ['a function', () => 1, 'events[0].data.value'],
        ['undefined', undefined, 'events[0].data.value'],
        ['NaN', Number.NaN, 'events[0].data.value'],
        ['a Date', new Date(), 'events[0].data.value'],
        ['a bigint', 10n, 'events[0].data.value'],
        ['a Map', new Map(), 'events[0].data.value'],
      ];
      const cases: [string, () => [string, unknown, unknown], string][] = [
        ['an empty type', () => [stream('x'), [anEvent({ type: '' })], 'any'], 'events[0].type'],
        ['an over-long type', () => [stream('x'), [anEvent({ type: 'T'.repeat(129) })], 'any'], 'events[0].type'],
        ['a type with spaces', () => [stream('x'), [anEvent({ type: 'Priority set' })], 'any'], 'events[0].type'],
        ['data that is not an object', () => [stream('x'), [{ ...anEvent(), data: [1, 2] }], 'any'], 'events[0].data'],
        ['data over 1 MiB', () => [stream('x'), [anEvent({ data: { big } })], 'any'], 'events[0].data'],
        ...notJson.map(([name, value, field]): [string, () => [string, unknown, unknown], string] => [
          `data holding ${name}`,
          () => [stream('x'), [{ ...anEvent(), data: { value } }], 'any'],
          field,
        ]),
        ['a malformed uuid', () => [stream('x'), [{ ...anEvent(), eventId: 'not-a-uuid' }], 'any'], 'events[0].eventId'],
        ['an empty stream id', () => ['', [anEvent()], 'any'], 'streamId'],
        ['a system stream id', () => ['$all', [anEvent()], 'any'], 'streamId'],
        ['a stream id with a space', () => [`${stream('x')} y`, [anEvent()], 'any'], 'streamId'],
        ['an over-long stream id', () => [stream('x'.repeat(200)), [anEvent()], 'any'], 'streamId'],
        ['no events', () => [stream('x'), [], 'any'], 'events'],
        ['a negative revision', () => [stream('x'), [anEvent()], -1n], 'expectedRevision'],
        ['a number as revision', () => [stream('x'), [anEvent()], 3], 'expectedRevision'],
        [
          'a caller-set recordedAt',
          () => [stream('x'), [{ ...anEvent(), metadata: { ...anEvent().metadata, recordedAt: '2020-01-01' } }], 'any'],
          'events[0].metadata.recordedAt',
        ],
        [
          'no occurredAt',
          () => [stream('x'), [{ ...anEvent(), metadata: { actor: boardMember } }], 'any'],
          'events[0].metadata.occurredAt',
        ],
        [
          'an impossible occurredAt',
          () => [stream('x'), [anEvent({ metadata: { occurredAt: { from: '2017-02-30', precision: 'day' }, actor: boardMember } })], 'any'],
          'events[0].metadata.occurredAt.from',
        ],
        [
          'a span ending before it starts',
          () => [
            stream('x'),
            [anEvent({ metadata: { occurredAt: { from: '2017-04', to: '2017-03', precision: 'month' }, actor: boardMember } })],
            'any',
          ],
          'events[0].metadata.occurredAt.to',
        ],
        [
          'no actor',
          () => [stream('x'), [{ ...anEvent(), metadata: { occurredAt: { from: '2017', precision: 'year' } } }], 'any'],
          'events[0].metadata.actor',
        ],
        [
          'an unknown metadata field',
          () => [stream('x'), [{ ...anEvent(), metadata: { ...anEvent().metadata, mood: 'good' } }], 'any'],
          'events[0].metadata.mood',
        ],
        [
          'two events with one id',
          () => {
            const e = withId();
            return [stream('x'), [e, { ...e }], 'any'];
          },
          'events[1].eventId',
        ],
      ];

      it.each(cases)('%s', async (_, input, field) => {
        const headBefore = await store.headPosition();
        const [streamId, events, expectedRevision] = input();
        // Bad input on purpose: what a caller without types (JavaScript, a decoded request) could pass.
        const error = await rejection(
          store.append(streamId, events as EventToAppend[], { expectedRevision: expectedRevision as ExpectedRevision }),
        );
        expect(error).toBeInstanceOf(InvalidEvent);
        expect(error).toMatchObject({ code: 'INVALID_EVENT' });
        expect((error as InvalidEvent).problems.map((p) => p.field)).toContain(field);
        expect(error.message).toContain(field);
        expect(await store.headPosition()).toBe(headBefore);
        await expectNothingStoredUnder();
      });
    });

    it('reports the head position of the log', async () => {
      const before = await store.headPosition();
      const result = await store.append(stream('h'), [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
      expect(await store.headPosition()).toBe(result.position);
      expect(result.position > before).toBe(true);
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
