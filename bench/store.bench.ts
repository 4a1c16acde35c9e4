/**
 * `npm run bench:store [-- --events 100000 --single 3000]`
 * Builds an event log of N events (~600 bytes of JSON data each, across 1,000 streams) with our SQLite
 * adapter and, in the same run, with raw better-sqlite3 statements on an identical table, then prints one
 * line per figure (events/s, ours vs raw) and a final JSON line. Durable settings (WAL, synchronous=FULL) on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { v4 as uuidv4 } from 'uuid';
import { SqliteEventStore, type EventToAppend } from '@plan-ledger/event-store';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    single: { type: 'string', default: '3000' },
    streams: { type: 'string', default: '1000' },
  },
});
const TOTAL = Number(values.events);
const SINGLE = Number(values.single);
const STREAMS = Number(values.streams);
const BATCH = 100;
const BIG_STREAM = 'plan-big';
const BIG_STREAM_SIZE = 1_000;

const filler = 'The board reviewed the front door audit and asked for evidence of management oversight on every referral. ';
function eventFor(stream: number, index: number): EventToAppend {
  return {
    eventId: uuidv4(),
    type: index % 3 === 0 ? 'ActionAdded' : index % 3 === 1 ? 'ProgressGraded' : 'IndicatorMeasured',
    data: {
      planId: `plan-${stream}`,
      actionId: `a-${index}`,
      owner: 'Head of Service, Family Front Door',
      due: '2017-09-30',
      grade: 'amber',
      successMeasure: 'Re-referral rate below 20% for three consecutive months',
      evidence: filler.repeat(4).slice(0, 380),
      sequence: index,
    },
    metadata: {
      occurredAt: { from: '2017-07', to: '2017-09', precision: 'month', label: 'July to September 2017' },
      actor: { id: 'bench', role: 'importer' },
      correlationId: `bench-${stream}`,
    },
  };
}

interface RawStore {
  db: Database.Database;
  append(streamId: string, events: EventToAppend[]): void;
}

/** The same table and the least work that appends correctly: check the stream head, find the log head, insert. */
function openRaw(path: string): RawStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, recorded_at TEXT NOT NULL, canonical BLOB NOT NULL,
    UNIQUE (stream_id, revision)) STRICT;
    CREATE INDEX events_by_type ON events (type, position);
    CREATE INDEX events_by_recorded_at ON events (recorded_at);`);
  const streamHead = db.prepare<[string], { r: number | null }>('SELECT MAX(revision) AS r FROM events WHERE stream_id = ?');
  const logHead = db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM events');
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)');
  const append = db.transaction((streamId: string, events: EventToAppend[]) => {
    const revision = (streamHead.get(streamId)?.r ?? -1) + 1;
    const position = (logHead.get()?.p ?? 0) + 1;
    const recordedAt = new Date().toISOString();
    events.forEach((e, i) => {
      const body = JSON.stringify({
        eventId: e.eventId,
        streamId,
        revision: revision + i,
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        recordedAt,
      });
      insert.run(position + i, streamId, revision + i, e.eventId!, e.type, recordedAt, Buffer.from(body));
    });
  });
  return { db, append: (streamId, events) => append.immediate(streamId, events) };
}

function rate(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const ours = new SqliteEventStore({ path: join(dir, 'ours.db') });
  const raw = openRaw(join(dir, 'raw.db'));
  const sample = Buffer.byteLength(JSON.stringify(eventFor(1, 1).data));
  console.log(
    `bench:store  events=${TOTAL} streams=${STREAMS} batch=${BATCH} data≈${sample} bytes  synchronous=FULL  node ${process.version}`,
  );

  // Batches of 100, stream by stream in rotation; one stream grows to 1,000 events for the stream read.
  const batches: { stream: string; events: EventToAppend[] }[] = [];
  for (let b = 0; b < TOTAL / BATCH; b++) {
    const stream = b < BIG_STREAM_SIZE / BATCH ? BIG_STREAM : `plan-${b % STREAMS}`;
    batches.push({ stream, events: Array.from({ length: BATCH }, (_, i) => eventFor(b % STREAMS, b * BATCH + i)) });
  }
  const revisions = new Map<string, bigint>();
  let start = performance.now();
  for (const { stream, events } of batches) {
    const result = await ours.append(stream, events, { expectedRevision: revisions.get(stream) ?? 'no_stream' });
    revisions.set(stream, result.nextExpectedRevision);
  }
  const batchOurs = rate(TOTAL, performance.now() - start);
  start = performance.now();
  for (const { stream, events } of batches) raw.append(stream, events);
  const batchRaw = rate(TOTAL, performance.now() - start);

  start = performance.now();
  for (let i = 0; i < SINGLE; i++) {
    const stream = `single-${i % STREAMS}`;
    const result = await ours.append(stream, [eventFor(i, i)], { expectedRevision: revisions.get(stream) ?? 'no_stream' });
    revisions.set(stream, result.nextExpectedRevision);
  }
  const singleOurs = rate(SINGLE, performance.now() - start);
  start = performance.now();
  for (let i = 0; i < SINGLE; i++) raw.append(`single-${i % STREAMS}`, [eventFor(i, i)]);
  const singleRaw = rate(SINGLE, performance.now() - start);

  start = performance.now();
  let count = 0;
  for await (const event of ours.readAll()) count += event.revision >= 0n ? 1 : 0;
  const readAllOurs = rate(count, performance.now() - start);
  start = performance.now();
  count = 0;
  for (const row of raw.db
    .prepare<[], { position: number; canonical: Buffer }>('SELECT position, canonical FROM events ORDER BY position')
    .iterate()) {
    count += JSON.parse(row.canonical.toString('utf8')).revision >= 0 ? 1 : 0;
  }
  const readAllRaw = rate(count, performance.now() - start);

  const repeats = 50;
  start = performance.now();
  for (let r = 0; r < repeats; r++) for await (const event of ours.readStream(BIG_STREAM)) count += event.revision >= 0n ? 1 : 0;
  const streamOurs = rate(repeats * BIG_STREAM_SIZE, performance.now() - start);
  const byStream = raw.db.prepare<[string], { position: number; canonical: Buffer }>(
    'SELECT position, canonical FROM events WHERE stream_id = ? ORDER BY revision',
  );
  start = performance.now();
  for (let r = 0; r < repeats; r++)
    for (const row of byStream.iterate(BIG_STREAM)) count += JSON.parse(row.canonical.toString('utf8')).revision >= 0 ? 1 : 0;
  const streamRaw = rate(repeats * BIG_STREAM_SIZE, performance.now() - start);

  const figures = {
    appendBatch100: { ours: batchOurs, raw: batchRaw, ratio: +(batchOurs / batchRaw).toFixed(2), target: 'ratio >= 0.5' },
    appendSingleDurable: { ours: singleOurs, raw: singleRaw, ratio: +(singleOurs / singleRaw).toFixed(2), target: 'ours >= 1500 events/s' },
    readAll: { ours: readAllOurs, raw: readAllRaw, ratio: +(readAllOurs / readAllRaw).toFixed(2), target: 'ratio >= 0.5' },
    readStream1000: { ours: streamOurs, raw: streamRaw, ratio: +(streamOurs / streamRaw).toFixed(2) },
  };
  for (const [name, f] of Object.entries(figures)) {
    console.log(
      `${name.padEnd(20)} ours ${String(f.ours).padStart(9)} ev/s   raw ${String(f.raw).padStart(9)} ev/s   ratio ${f.ratio.toFixed(2)}`,
    );
  }
  const met = figures.appendBatch100.ratio >= 0.5 && figures.readAll.ratio >= 0.5 && figures.appendSingleDurable.ours >= 1500;
  console.log(JSON.stringify({ bench: 'store', events: TOTAL + SINGLE, streams: STREAMS, unit: 'events/s', figures, targetsMet: met }));

  await ours.close();
  raw.db.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: Error) => {
  console.error(`bench:store failed: ${error.message}`);
  process.exitCode = 1;
});
