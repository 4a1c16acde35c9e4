import { businessTimeProblems } from '@plan-ledger/domain';
import { InvalidEvent, SqliteEventStore, type EventToAppend } from '@plan-ledger/event-store';

/**
 * The store checks occurredAt's calendar itself (so no caller can skip it) and the service adds the domain's rule on
 * top. The two must not disagree about which dates exist and which spans run backwards: the store alone refuses
 * exactly what the domain refuses, over every month and day written around the edges of the calendar.
 */
describe("the store's own occurredAt check and the domain's business time", () => {
  const store = new SqliteEventStore({ path: ':memory:' });
  afterAll(() => store.close());

  async function storeRefuses(occurredAt: unknown): Promise<boolean> {
    const events: unknown = [{ type: 'Checked', data: {}, metadata: { occurredAt, actor: { id: 'test', role: 'test' } } }];
    try {
      await store.append('check-1', events as EventToAppend[], { expectedRevision: 'any' });
      return false;
    } catch (error) {
      if (error instanceof InvalidEvent) return true;
      throw error;
    }
  }

  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const years = [1900, 2000, 2016, 2017, 2019, 2024];
  const candidates: Record<string, string>[] = [];
  for (const year of years) {
    candidates.push({ from: String(year), precision: 'year' }, { from: String(year), precision: 'month' });
    for (let month = 0; month <= 13; month++) {
      candidates.push({ from: `${year}-${pad(month)}`, precision: 'month' }, { from: `${year}-${pad(month)}`, precision: 'day' });
      for (const day of [0, 1, 28, 29, 30, 31, 32]) candidates.push({ from: `${year}-${pad(month)}-${pad(day)}`, precision: 'day' });
    }
  }
  const spans = [
    ['2017-03', '2017-04', 'month'],
    ['2017-04', '2017-03', 'month'],
    ['2017-04', '2017-04', 'month'],
    ['2016-12-31', '2017-01-01', 'day'],
    ['2017-01-01', '2016-12-31', 'day'],
    ['2017', '2016', 'year'],
    ['2016-02-29', '2016-02-30', 'day'],
  ];
  for (const [from, to, precision] of spans) candidates.push({ from, to, precision });
  candidates.push({ from: '2017-06', precision: 'week' }, { from: '2017-6', precision: 'month' }, { from: '17', precision: 'year' });

  it(`agree on all ${candidates.length} candidates`, async () => {
    const disagreements: string[] = [];
    for (const candidate of candidates) {
      const domainRefuses = businessTimeProblems(candidate, 'occurredAt').length > 0;
      if ((await storeRefuses(candidate)) !== domainRefuses) {
        disagreements.push(`${JSON.stringify(candidate)}: the domain ${domainRefuses ? 'refuses' : 'accepts'} it`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
