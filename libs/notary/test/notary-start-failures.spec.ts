import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock, SqliteEventStore, type EventToAppend } from '@plan-ledger/event-store';
import { Notary, verifyBundle, exportBundle } from '@plan-ledger/notary';

const ORIGIN = 'plan-ledger.test/log';
const event = (i: number): EventToAppend => ({
  type: 'ActionAdded',
  data: { n: i },
  metadata: { occurredAt: { from: '2017-06', precision: 'month' }, actor: { id: 'u', role: 'editor' } },
});

/**
 * What an insider with write access to the data folder can break, each named by file and position, never a bare message;
 * and damage placed in the narrowest window the checkpoints allow.
 */
describe('start-up failures name the file and the position', () => {
  let dir: string;
  let store: SqliteEventStore;
  const clock = new ManualClock('2026-02-01T09:00:00.000Z');
  const dbPath = () => join(dir, 'ledger.db');
  const notaryDir = () => join(dir, 'notary');
  const notary = (options: Partial<ConstructorParameters<typeof Notary>[0]> = {}) =>
    new Notary({ store, clock, dir: notaryDir(), origin: ORIGIN, dataDir: dir, everyEvents: Number.MAX_SAFE_INTEGER, ...options });
  const rewrite = (position: number, change: (text: string) => string) => {
    const db = new Database(dbPath());
    const row = db.prepare('SELECT canonical FROM events WHERE position = ?').get(position) as { canonical: Buffer };
    db.prepare('UPDATE events SET canonical = ? WHERE position = ?').run(Buffer.from(change(row.canonical.toString('utf8'))), position);
    db.close();
  };
  /** 300 events, signed at 100, 200 and 300. */
  const signedEvery100 = async () => {
    const first = notary();
    await first.start();
    for (let i = 1; i <= 300; i++) {
      await store.append(`plan-${i % 7}`, [event(i)], { expectedRevision: 'any' });
      if (i % 100 === 0) await first.checkpoint();
    }
    await first.stop();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-start-'));
    store = new SqliteEventStore({ path: dbPath(), clock });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a corrupt row: the notary starts, names the store and the position, and signs nothing', async () => {
    await signedEvery100();
    rewrite(150, (text) => text.slice(0, 20));
    const second = notary();
    await second.start();
    try {
      expect(second.alarms).toEqual([
        expect.stringMatching(/: the event after position 149 cannot be read \(.*\): the row was damaged$/),
        ...[2, 3].map(
          (line) =>
            `${join(notaryDir(), 'checkpoints.ndjson')} line ${line}: a stored checkpoint is not valid: it covers ${line * 100} events and cannot be checked: the log cannot be read past position 149`,
        ),
      ]);
      expect(second.alarms[0].startsWith(`${dbPath()}: `)).toBe(true);
      expect(second.size).toBe(149);
      await expect(second.checkpoint()).rejects.toMatchObject({ code: 'ALARMS_STANDING' });
    } finally {
      await second.stop();
    }
  });

  it('an altered event: the alarm names the window between the checkpoints around it', async () => {
    await signedEvery100();
    rewrite(150, (text) => text.replace('"n":150', '"n":151'));
    const second = notary();
    await second.start();
    try {
      expect(second.alarms.join('\n')).toMatch(
        /an event at positions 101\.\.200 \(between the checkpoints of sizes 100 and 200, the narrowest window the checkpoints allow\)/,
      );
    } finally {
      await second.stop();
    }
  });

  it('with the tree file, a small log is checked before start returns: the altered event is an alarm at start, by position', async () => {
    const first = notary({ treeFile: true });
    await first.start();
    for (let i = 1; i <= 300; i++) await store.append(`plan-${i % 7}`, [event(i)], { expectedRevision: 'any' });
    await first.checkpoint();
    await first.stop();
    rewrite(150, (text) => text.replace('"n":150', '"n":151'));
    const second = notary({ treeFile: true });
    await second.start();
    try {
      expect(second.startedFrom?.from).toBe('tree-file');
      expect(second.verifyingInBackground).toBe(false);
      expect(second.alarms).toEqual([expect.stringMatching(/^the event at position 150 \(.*\) no longer has the bytes the notary hashed/)]);
    } finally {
      await second.stop();
    }
  });

  it('with the tree file, a large log is checked in the background, and nothing is signed over what it has not reached', async () => {
    const first = notary({ treeFile: true });
    await first.start();
    for (let i = 1; i <= 300; i++) await store.append(`plan-${i % 7}`, [event(i)], { expectedRevision: 'any' });
    await first.checkpoint();
    await first.stop();
    rewrite(290, (text) => text.replace('"n":290', '"n":291'));
    const second = notary({ treeFile: true, verifyAtStartUpTo: 10 });
    await second.start();
    try {
      expect(second.verifyingInBackground).toBe(true);
      expect(second.alarms).toEqual([]);
      await store.append('plan-x', [event(301)], { expectedRevision: 'any' });
      // Asked to sign while the pass runs, the notary waits for it, and then refuses over what it found.
      await expect(second.checkpoint()).rejects.toMatchObject({ code: 'ALARMS_STANDING' });
      expect(second.alarms).toEqual([expect.stringMatching(/^the event at position 290 /)]);
    } finally {
      await second.stop();
    }
  });

  it('an altered event in an exported bundle: verify names the same window, in words', async () => {
    await signedEvery100();
    const out = join(dir, 'bundle');
    const exporter = notary();
    await exporter.start();
    await exportBundle(store, exporter, notaryDir(), out);
    await exporter.stop();
    const lines = readFileSync(join(out, 'events.ndjson'), 'utf8').split('\n');
    lines[149] = lines[149].replace('\\"n\\":150', '\\"n\\":151').replace('"n":150', '"n":151');
    writeFileSync(join(out, 'events.ndjson'), lines.join('\n'));
    const report = verifyBundle(out);
    expect(report.failure).toMatchObject({ check: 'CHECKPOINT_ROOT', position: 101 });
    expect(report.failure?.message).toMatch(
      /the first 100 events still have the root checkpoint 1 signed: an event at positions 101\.\.200 was altered, removed or reordered \(between the checkpoints of sizes 100 and 200/,
    );
  });

  it('the key file: named when it cannot be read or is not a key', () => {
    const missing = join(dir, 'elsewhere', 'notary.pem');
    expect(() => notary({ key: { file: missing } })).toThrow(`${missing}: the notary's signing key cannot be read (ENOENT)`);
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a key\n');
    expect(() => notary({ key: { file: garbage } })).toThrow(new RegExp(`^${garbage}: not a PEM private key`));
  });

  it('the checkpoint file and the cosignature file: a cut-short line is set aside by file and line, and the notary starts', async () => {
    await signedEvery100();
    appendFileSync(join(notaryDir(), 'checkpoints.ndjson'), '{"note":"plan-ledger.test/log\\n30');
    mkdirSync(notaryDir(), { recursive: true });
    writeFileSync(join(notaryDir(), 'cosignatures.ndjson'), '{"note":"{\\"note\\":\\"x\\",\\"lines\\":[]}"}\n{"note":"cut sh');
    const second = notary();
    await second.start();
    try {
      expect(second.alarms).toEqual([`${join(notaryDir(), 'checkpoints.ndjson')} line 4 was set aside: not JSON (cut short or altered)`]);
      expect(second.checkpoints).toHaveLength(3);
      expect(second.witnessTrouble).toEqual([
        `${join(notaryDir(), 'cosignatures.ndjson')} line 2 was set aside: not JSON (cut short or altered)`,
      ]);
    } finally {
      await second.stop();
    }
  });
});
