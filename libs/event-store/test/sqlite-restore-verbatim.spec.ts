import { SqliteEventStore, canonicalBytes, type JsonObject } from '../src';

const metadata = { actor: { id: 'x', role: 'editor' }, occurredAt: { from: '2017-06', precision: 'month' }, schemaVersion: 1 };
const envelope = (eventId: string, streamId: string, revision: number, recordedAt: string, data: JsonObject = {}): Buffer =>
  canonicalBytes({ eventId, streamId, revision, type: 'Thing', data, metadata, recordedAt });

describe('SqliteEventStore.restoreVerbatim', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  it('stores the envelopes byte for byte at positions 1, 2, 3, with their recordedAt', async () => {
    const source = [
      envelope('e1', 's-a', 0, '2026-01-01T00:00:00.000Z', { n: 1 }),
      envelope('e2', 's-b', 0, '2026-01-01T00:00:00.000Z'),
      envelope('e3', 's-a', 1, '2026-01-02T00:00:00.000Z'),
    ];
    expect(store.restoreVerbatim(source)).toEqual({ events: 3, lastPosition: 3n });
    const read = [];
    for await (const event of store.readAll()) read.push(event);
    expect(read.map((event) => event.canonical)).toEqual(source);
    expect(read.map((event) => [event.position, event.recordedAt])).toEqual([
      [1n, '2026-01-01T00:00:00.000Z'],
      [2n, '2026-01-01T00:00:00.000Z'],
      [3n, '2026-01-02T00:00:00.000Z'],
    ]);
  });

  it('refuses a store that is not empty', () => {
    store.restoreVerbatim([envelope('e1', 's-a', 0, '2026-01-01T00:00:00.000Z')]);
    expect(() => store.restoreVerbatim([envelope('e2', 's-a', 1, '2026-01-01T00:00:00.000Z')])).toThrow(/is not empty/);
  });

  it.each([
    [
      'a revision gap',
      [envelope('e1', 's-a', 0, '2026-01-01T00:00:00.000Z'), envelope('e2', 's-a', 2, '2026-01-01T00:00:00.000Z')],
      /revision 2/,
    ],
    [
      'recordedAt going back',
      [envelope('e1', 's-a', 0, '2026-01-02T00:00:00.000Z'), envelope('e2', 's-b', 0, '2026-01-01T00:00:00.000Z')],
      /earlier/,
    ],
    ['bytes not in canonical form', [Buffer.from(' ' + envelope('e1', 's-a', 0, '2026-01-01T00:00:00.000Z').toString())], /canonical/],
  ])('refuses %s and stores nothing', async (_name, envelopes, message) => {
    expect(() => store.restoreVerbatim(envelopes)).toThrow(message);
    expect(await store.headPosition()).toBe(0n);
  });
});
