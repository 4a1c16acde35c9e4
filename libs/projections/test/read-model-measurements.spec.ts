import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, SqliteEventStore, type EventToAppend } from '@plan-ledger/event-store';
import { effectiveEntries, planView, ProjectionRunner, ReadModelReader } from '@plan-ledger/projections';
import { eventIdOf, planCreated, recordedOn } from './support/fixtures';

/**
 * The read model keeps each measurement of an indicator as a row (one small row a measurement, not the indicator
 * rewritten with every measurement before it): put back together they are the fold's indicator, in the fold's order,
 * at every position, including for logs the decider would refuse today (an indicator defined twice).
 */
const PLAN = 'north-plan';
const STREAM = `plan-${PLAN}`;

const measured = (n: number, indicatorId: string, value: number, at: string): EventToAppend => ({
  eventId: eventIdOf(n),
  type: 'IndicatorMeasured',
  data: { indicatorId, value, at },
  metadata: recordedOn(at, 'IndicatorMeasured'),
});
const defined = (n: number, indicatorId: string, name: string): EventToAppend => ({
  eventId: eventIdOf(n),
  type: 'IndicatorDefined',
  data: { indicatorId, name, unit: 'count' },
  metadata: recordedOn('2026-01', 'IndicatorDefined'),
});
const TODAY = '2026-11-24';

describe('read model: the measurements of a plan', () => {
  let dir: string;
  let store: SqliteEventStore;
  let runner: ProjectionRunner;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-model-measurements-'));
    store = new SqliteEventStore({ path: join(dir, 'ledger.db'), clock: new ManualClock('2026-03-02T09:00:00.000Z') });
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function everyPositionFolds(events: EventToAppend[]): Promise<ReadModelReader> {
    await store.append(
      STREAM,
      [{ eventId: eventIdOf(1), type: 'PlanCreated', data: planCreated(PLAN), metadata: recordedOn('2026-01') }, ...events],
      {
        expectedRevision: 'no_stream',
      },
    );
    runner = new ProjectionRunner(store, { path: join(dir, 'model.sqlite'), batchSize: 3 });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    const reader = new ReadModelReader(runner.db);
    const stored = [];
    for await (const event of store.readAll()) stored.push(event);
    for (let position = 1; position <= stored.length; position++)
      expect(JSON.stringify(reader.plan(BigInt(position), PLAN, TODAY).plan)).toBe(
        JSON.stringify(planView(effectiveEntries(stored.slice(0, position)), TODAY)),
      );
    return reader;
  }

  it('given measurements recorded out of date order, two of one date, when the plan is read, then each indicator lists them by date, log order among equals', async () => {
    const reader = await everyPositionFolds([
      defined(2, 'referrals', 'Referrals'),
      measured(3, 'referrals', 30, '2026-03-31'),
      measured(4, 'referrals', 10, '2026-01-31'),
      measured(5, 'referrals', 21, '2026-02-28'),
      measured(6, 'referrals', 22, '2026-02-28'),
    ]);
    const [indicator] = reader.plan(await store.headPosition(), PLAN, TODAY).plan!.indicators;
    expect(indicator.measurements.map((m) => m.value)).toEqual([10, 21, 22, 30]);
  });

  it('given an indicator defined again after it was measured (a log the decider now refuses), when the plan is read, then the earlier measurements are gone, as in the fold', async () => {
    const reader = await everyPositionFolds([
      defined(2, 'referrals', 'Referrals'),
      measured(3, 'referrals', 30, '2026-03-31'),
      defined(4, 'referrals', 'Referrals, counted again'),
      measured(5, 'referrals', 12, '2026-04-30'),
    ]);
    const [indicator] = reader.plan(await store.headPosition(), PLAN, TODAY).plan!.indicators;
    expect([indicator.name, indicator.measurements.map((m) => m.value)]).toEqual(['Referrals, counted again', [12]]);
  });
});
