import {
  DeadlineExceededError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { canonicalBytes, StoreUnavailable, StreamNotFound, WrongExpectedRevision } from '@plan-ledger/event-store';
import {
  fromResolvedEvent,
  packPosition,
  redactConnectionString,
  toProposedEvent,
  toStoreError,
  unpackPosition,
} from '../src/eventstoredb/eventstoredb-mapping';
import { boardMember } from './support/events';
import { resolvedServerEvent } from './support/fake-eventstoredb-client';

const metadata = { occurredAt: { from: '2018-09', precision: 'month' as const }, actor: boardMember, schemaVersion: 1 };

function serverFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    streamId: 'plan-885',
    id: '0b7d5c1e-6f4a-4c1e-9d1a-1a2b3c4d5e6f',
    isJson: true,
    revision: 3n,
    type: 'ActionAdded',
    created: new Date('2026-01-01T00:00:00Z'),
    data: { title: 'Audit front-door decisions', '10': 'ten', '9': 'nine' },
    metadata: { ...metadata, recordedAt: '2026-02-03T04:05:06.789Z', $correlationId: 'c-1' },
    position: { commit: 500n, prepare: 480n },
    ...overrides,
  };
}

function serverEvent(overrides: Record<string, unknown> = {}): ResolvedEvent {
  return resolvedServerEvent(serverFields(overrides));
}

describe('EventStoreDB mapping', () => {
  describe('positions', () => {
    it('packs (commit, prepare) into one bigint that orders as $all does and unpacks exactly', () => {
      const a = packPosition({ commit: 500n, prepare: 480n });
      const b = packPosition({ commit: 500n, prepare: 490n });
      const c = packPosition({ commit: 501n, prepare: 0n });
      expect(a < b && b < c).toBe(true);
      expect(unpackPosition(b)).toEqual({ commit: 500n, prepare: 490n });
      expect(unpackPosition(packPosition({ commit: 2n ** 63n, prepare: 2n ** 63n - 1n }))).toEqual({
        commit: 2n ** 63n,
        prepare: 2n ** 63n - 1n,
      });
    });
  });

  describe('events', () => {
    it('sends data and metadata as JSON, with recordedAt and the server-convention correlation keys', () => {
      const proposed = toProposedEvent(
        { eventId: 'e1', type: 'PrioritySet', data: { a: 1 }, metadata: { ...metadata, correlationId: 'c-1', causationId: 'k-1' } },
        '2026-02-03T04:05:06.789Z',
      );
      expect(proposed).toEqual({
        id: 'e1',
        contentType: 'application/json',
        type: 'PrioritySet',
        data: { a: 1 },
        metadata: {
          ...metadata,
          correlationId: 'c-1',
          causationId: 'k-1',
          recordedAt: '2026-02-03T04:05:06.789Z',
          $correlationId: 'c-1',
          $causationId: 'k-1',
        },
      });
    });

    it('reads a server event back as ours, with canonical bytes rebuilt exactly (integer-like keys too)', () => {
      const event = fromResolvedEvent(serverEvent())!;
      expect(event).toMatchObject({ streamId: 'plan-885', revision: 3n, type: 'ActionAdded', recordedAt: '2026-02-03T04:05:06.789Z' });
      expect(event.position).toBe(packPosition({ commit: 500n, prepare: 480n }));
      expect(event.metadata).toEqual(metadata);
      expect(event.canonical.toString()).toBe(
        canonicalBytes({
          eventId: event.eventId,
          streamId: 'plan-885',
          revision: 3,
          type: 'ActionAdded',
          data: { title: 'Audit front-door decisions', '10': 'ten', '9': 'nine' },
          metadata,
          recordedAt: '2026-02-03T04:05:06.789Z',
        }).toString(),
      );
      expect(event.canonical.toString()).toContain('{"10":"ten","9":"nine","title"');
    });

    it.each([
      ['a system event type', { type: '$metadata' }],
      ['a system stream', { streamId: '$settings' }],
      ['a binary event', { isJson: false }],
      ['an event without our metadata', { metadata: { written: 'by another tool' } }],
    ])('skips %s', (_, overrides) => {
      expect(fromResolvedEvent(serverEvent(overrides))).toBeUndefined();
    });

    it('skips links and uses a fallback where the server gave no position', () => {
      expect(fromResolvedEvent(resolvedServerEvent(serverFields(), serverFields()))).toBeUndefined();
      expect(fromResolvedEvent(serverEvent({ position: undefined }), -1n)?.position).toBe(-1n);
      expect(fromResolvedEvent(serverEvent({ position: undefined }))).toBeUndefined();
    });
  });

  describe('errors', () => {
    it('maps WrongExpectedVersionError to WrongExpectedRevision with what was expected and found', () => {
      const error = toStoreError(new WrongExpectedVersionError(undefined, { streamName: 'plan-1', expected: 4n, current: 6n }), 'plan-1');
      expect(error).toBeInstanceOf(WrongExpectedRevision);
      expect(error).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: 'plan-1', expected: 4n, actual: 6n });
      const missing = toStoreError(
        new WrongExpectedVersionError(undefined, { streamName: 'plan-1', expected: 'stream_exists', current: 'no_stream' }),
        'plan-1',
        'stream_exists',
      );
      expect(missing).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
    });

    it('maps StreamNotFoundError to StreamNotFound', () => {
      expect(toStoreError(new StreamNotFoundError(undefined, 'plan-1'), 'plan-1')).toBeInstanceOf(StreamNotFound);
    });

    it.each([
      ['unavailable', new UnavailableError()],
      ['deadline exceeded', new DeadlineExceededError()],
      ['anything unexpected', new Error('boom')],
    ])('maps %s to StoreUnavailable, keeping the cause', (_, cause) => {
      const error = toStoreError(cause, 'plan-1');
      expect(error).toBeInstanceOf(StoreUnavailable);
      expect(error.cause).toBe(cause);
    });
  });

  it('removes credentials from a connection string before showing it', () => {
    expect(redactConnectionString('esdb://admin:changeit@node1:2113,node2:2113?tls=true')).toBe('esdb://node1:2113,node2:2113?tls=true');
    expect(redactConnectionString('esdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
  });
});
