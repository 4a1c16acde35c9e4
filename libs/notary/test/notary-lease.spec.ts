import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDbEventStore, ManualClock } from '@plan-ledger/event-store';
import { LEASE_STREAM_ID, Notary, SigningLease } from '@plan-ledger/notary';
// The in-memory double of the EventStoreDB server the adapter's own mapping tests use: ESDB cannot run here.
import { FakeEventStoreDbClient } from '../../event-store/test/support/fake-eventstoredb-client';

const ORIGIN = 'plan-ledger.test/log';
const TTL = 60_000;

/**
 * Mapping test (EventStoreDB adapter over the in-memory server double): several API instances on one EventStoreDB, each
 * with its own adapter, and exactly one of them signs, by a lease appended with the revision it read.
 */
describe('the signing lease on EventStoreDB (mapping test, in-memory server double)', () => {
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  let server: FakeEventStoreDbClient;
  const instance = () => new EventStoreDbEventStore({ connectionString: 'esdb://fake:2113', clock, client: server });

  beforeEach(() => {
    server = new FakeEventStoreDbClient();
  });

  it('is held by one instance; the other takes it over only once it has run out', async () => {
    const a = new SigningLease(instance(), clock, 'api-a', TTL);
    const b = new SigningLease(instance(), clock, 'api-b', TTL);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    clock.advance(TTL / 2 + 1);
    // The holder renews past half its time, so it keeps the lease while it keeps signing.
    expect(await a.acquire()).toBe(true);
    clock.advance(TTL / 2 + 1);
    expect(await b.acquire()).toBe(false);
    // a stops (crashed, cut off): once its lease runs out, b takes over, and a no longer signs.
    clock.advance(TTL);
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    const taken = [];
    for await (const event of instance().readStream(LEASE_STREAM_ID)) taken.push(event.data);
    expect(taken.map((data) => data.holder)).toEqual(['api-a', 'api-a', 'api-b']);
    expect(taken[2]).toMatchObject({ from: 'api-a' });
  });

  it('of instances racing for a free lease, exactly one wins (expected revision)', async () => {
    const leases = ['api-a', 'api-b', 'api-c', 'api-d'].map((holder) => new SigningLease(instance(), clock, holder, TTL));
    const won = await Promise.all(leases.map((lease) => lease.acquire()));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('two notaries with one key on one log: one signs, the other refuses and names the holder', async () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const dirs = [mkdtempSync(join(tmpdir(), 'lease-a-')), mkdtempSync(join(tmpdir(), 'lease-b-'))];
    const stores = [instance(), instance()];
    const notaries = ['api-a', 'api-b'].map(
      (holder, i) =>
        new Notary({
          store: stores[i],
          clock,
          dir: dirs[i],
          origin: ORIGIN,
          key: { pem },
          everyEvents: Number.MAX_SAFE_INTEGER,
          lease: new SigningLease(stores[i], clock, holder, TTL),
        }),
    );
    try {
      for (const notary of notaries) await notary.start();
      await stores[0].append(
        'plan-1',
        [
          {
            type: 'PlanCreated',
            data: {},
            metadata: { occurredAt: { from: '2017-01', precision: 'month' }, actor: { id: 'u', role: 'editor' } },
          },
        ],
        { expectedRevision: 'any' },
      );
      expect((await notaries[0].checkpoint()).size).toBeGreaterThan(0n);
      const refused = await notaries[1].checkpoint().then(
        () => undefined,
        (error: unknown) => error as Error & { code?: string },
      );
      expect(refused?.code).toBe('NOT_SIGNER');
      expect(refused?.message).toMatch(/^another instance \(api-a\) holds the signing lease until \d{4}-\d\d-\d\dT/);
    } finally {
      for (const notary of notaries) await notary.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});
