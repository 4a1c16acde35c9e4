import type { RecordedEvent } from '@plan-ledger/event-store';
import { ChangeQueue } from './change-queue';
import { changeOf, mayRead, type LedgerChange } from './ledger-change';
import { SubscriberFellBehind } from './subscription-errors';

const event = (streamId: string, type: string, position: bigint): RecordedEvent => ({
  eventId: `e-${position}`,
  streamId,
  revision: 0n,
  position,
  type,
  data: { secret: 'never sent' },
  metadata: {
    occurredAt: { from: '2017-11', precision: 'month' },
    actor: { id: 'a', role: 'editor' },
    correlationId: 'c',
    schemaVersion: 1,
  },
  recordedAt: '2026-01-01T00:00:00.000Z',
  canonical: Buffer.alloc(0),
});

describe('changeOf', () => {
  it("names a council stream's council, a plan stream's plan and its councils, and carries none of the event's data", () => {
    expect(changeOf(event('authority-344', 'MonitoringVisitLogged', 7n))).toEqual({
      kind: 'council',
      laCode: '344',
      councils: ['344'],
      planId: null,
      streamId: 'authority-344',
      type: 'MonitoringVisitLogged',
      revision: 0n,
      position: 7n,
      recordedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(changeOf(event('plan-p1', 'GradeRecorded', 8n), ['886', '885'])).toMatchObject({
      kind: 'plan',
      laCode: '886',
      councils: ['886', '885'],
      planId: 'p1',
    });
    expect(changeOf(event('$access', 'AccessGranted', 9n))).toBeUndefined();
  });

  it('lets a plan moved between councils be read by either, and a plan of no known council only by those who read all', () => {
    const moved = changeOf(event('plan-p1', 'GradeRecorded', 8n), ['886', '885'])!;
    expect(mayRead(new Set(['885']), moved)).toBe(true);
    expect(mayRead(new Set(['344']), moved)).toBe(false);
    const unknown = changeOf(event('plan-p2', 'GradeRecorded', 9n), [])!;
    expect(mayRead(new Set(['885']), unknown)).toBe(false);
    expect(mayRead('all', unknown)).toBe(true);
  });
});

describe('ChangeQueue', () => {
  const change = (position: bigint): LedgerChange => changeOf(event('authority-885', 'InspectionRecorded', position))!;

  it('delivers in order what it accepts, and leaves the feed once when returned', async () => {
    let ended = 0;
    const queue = new ChangeQueue(
      (c) => c.position !== 2n,
      10,
      () => (ended += 1),
    );
    const waiting = queue.next();
    queue.offer(change(1n));
    queue.offer(change(2n));
    queue.offer(change(3n));
    expect((await waiting).value?.position).toBe(1n);
    expect((await queue.next()).value?.position).toBe(3n);
    await queue.return();
    await queue.return();
    expect(ended).toBe(1);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('ends a subscriber that falls more than its limit behind, saying the last position it was given', async () => {
    let ended = 0;
    const queue = new ChangeQueue(
      () => true,
      2,
      () => (ended += 1),
    );
    queue.offer(change(1n));
    expect((await queue.next()).value?.position).toBe(1n);
    for (const position of [2n, 3n, 4n]) queue.offer(change(position));
    await expect(queue.next()).rejects.toThrow(SubscriberFellBehind);
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
    expect(ended).toBe(1);
  });
});
