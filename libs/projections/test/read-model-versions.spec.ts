import Database from 'better-sqlite3';
import { createReadModelSchema, ReadModelReader } from '@plan-ledger/projections';

/**
 * A row's versions do not overlap: each is valid from the position that wrote it until the one that replaced or ended
 * it. Reading one row at a position finds the one version valid there, or none: before its first, between an end and
 * a new beginning, and after its last has ended.
 */
const OPEN = 9223372036854775807n;
// Versions of one row: [2, 5), [5, 9), then none until [12, open).
const VERSIONS: readonly [number, bigint, string][] = [
  [2, 5n, 'first'],
  [5, 9n, 'second'],
  [12, OPEN, 'third'],
];
const EXPECTED: Readonly<Record<number, string | undefined>> = {
  1: undefined,
  2: 'first',
  4: 'first',
  5: 'second',
  8: 'second',
  9: undefined,
  11: undefined,
  12: 'third',
  1000: 'third',
};

describe('reading one row at a position', () => {
  let db: Database.Database;
  let reader: ReadModelReader;

  beforeAll(() => {
    db = new Database(':memory:');
    createReadModelSchema(db);
    const authority = db.prepare(
      "INSERT INTO authority_rows (la_code, valid_from, valid_to, region, state, judgement, intervention, doc, summary) VALUES ('885', ?, ?, 'WM', 'registered', NULL, 0, ?, ?)",
    );
    const plan = db.prepare(
      `INSERT INTO plan_rows (plan_id, key, valid_from, valid_to, la_code, kind, ord, owner, due, status, grade, doc)
       VALUES ('p1', ?, ?, ?, ?, ?, 0, NULL, NULL, NULL, NULL, ?)`,
    );
    for (const [from, to, name] of VERSIONS) {
      authority.run(
        from,
        to,
        JSON.stringify({ view: { name }, failure: null, unreadable: [] }),
        JSON.stringify({ view: { name }, failure: null, unreadable: [] }),
      );
      plan.run('plan', from, to, name === 'second' ? '886' : '885', 'plan', '{}');
      plan.run('action:a1', from, to, '885', 'action', JSON.stringify({ name }));
    }
    reader = new ReadModelReader(db);
  });
  afterAll(() => db.close());

  it.each(Object.entries(EXPECTED))('at position %s, a council is its version valid there', (at, name) => {
    const doc = reader.authority(BigInt(at), '885');
    expect(doc === undefined ? undefined : (JSON.parse(JSON.stringify(doc.view)) as { name: string }).name).toBe(name);
  });

  it.each(Object.entries(EXPECTED))("at position %s, a council's summary is its version valid there", (at, name) => {
    const summary = reader.authoritySummary(BigInt(at), '885');
    expect(summary === undefined ? undefined : (JSON.parse(JSON.stringify(summary.view)) as { name: string }).name).toBe(name);
  });

  it.each(Object.entries(EXPECTED))("at position %s, an action's document is its version valid there", (at, name) => {
    const doc = reader.actionDoc(BigInt(at), 'p1', 'a1');
    expect(doc === undefined ? undefined : (JSON.parse(doc) as { name: string }).name).toBe(name);
  });

  it.each(Object.entries(EXPECTED))("at position %s, a plan's council is its header's there", (at, name) => {
    expect(reader.planCouncil(BigInt(at), 'p1')).toBe(name === undefined ? undefined : name === 'second' ? '886' : '885');
  });
});
