/**
 * Writes the simulated log into a SqliteEventStore, each command decided by the domain as the service would: parsed
 * by the stream's parse (the same one RecordCommandHandler runs), decided on the stream's state (corrections on its
 * history, with the context the handler loads), and appended with the metadata the handler gives (occurredAt, actor,
 * correlationId, schemaVersion). A refusal stops the generation: the log only holds what the rules accept.
 *
 * The state of each stream is kept and evolved as events are decided, instead of re-read and re-folded per command
 * (what the handler does), so that 1M events take a minute, not hours.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  authorityStream,
  currentSchemaVersion,
  decideOnHistory,
  isCorrectionCommand,
  parseBusinessTime,
  planStream,
  stateOf,
  type AuthorityDecisionContext,
  type AuthorityState,
  type BusinessTime,
  type DomainEvent,
  type HistoryEvent,
  type PlanDecisionContext,
  type PlanState,
} from '@plan-ledger/domain';
import { ManualClock, SqliteEventStore, type EventToAppend, type JsonObject } from '@plan-ledger/event-store';
import { v7 as uuidv7 } from 'uuid';
import { Prng } from './prng';
import { Calendar, HISTORY_KEPT, richnessFor, simulate, type SimCommand } from './simulation';

/** Bump when the simulation changes: cached logs of another version are not reused. */
export const GENERATOR_VERSION = 2;
/** The last month of business time in every generated log; its events are recorded in the month after. */
export const LAST_MONTH = '2026-09';
const SQLITE_FILE = 'ledger.db';

export interface GeneratedLog {
  readonly size: number;
  readonly seed: number;
  readonly generatorVersion: number;
  readonly events: number;
  readonly months: number;
  readonly firstMonth: string;
  /** recordedAt of the event half-way along the log: the bench's knownAt. */
  readonly midKnownAt: string;
  readonly headRecordedAt: string;
  readonly generationMs: number;
  readonly corrections: number;
  readonly redatings: number;
  /** Councils (la codes) and open plans the bench's reads and writes go round. */
  readonly laCodes: readonly string[];
  readonly openPlanIds: readonly string[];
}

export interface CachedLog extends GeneratedLog {
  /** The folder holding ledger.db: what LEDGER_DATA_DIR names (after a copy). */
  readonly dataDir: string;
  readonly fromCache: boolean;
}

interface StreamEntry {
  readonly streamId: string;
  authority?: AuthorityState;
  plan?: PlanState;
  /** Kept for corrections: always for a council's stream, for a plan's while it is short. */
  history?: HistoryEvent[];
  events: number;
  revision?: bigint;
  pending: EventToAppend[];
}

/** The log of `size` events for `seed`, from the cache folder or generated into it. */
export async function cachedLog(cacheRoot: string, size: number, seed: number, log: (line: string) => void): Promise<CachedLog> {
  const dir = join(cacheRoot, `api-${size}-${seed}-g${GENERATOR_VERSION}`);
  const metaFile = join(dir, 'meta.json');
  if (existsSync(metaFile) && existsSync(join(dir, 'data', SQLITE_FILE))) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as GeneratedLog;
    return { ...meta, dataDir: join(dir, 'data'), fromCache: true };
  }
  const building = join(cacheRoot, `building-${size}-${seed}-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  mkdirSync(join(building, 'data'), { recursive: true });
  try {
    const meta = await generate(join(building, 'data', SQLITE_FILE), size, seed, log);
    writeFileSync(join(building, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
    return { ...meta, dataDir: join(dir, 'data'), fromCache: false };
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
}

export async function generate(path: string, size: number, seed: number, log: (line: string) => void): Promise<GeneratedLog> {
  const started = performance.now();
  const richness = richnessFor(size);
  // First pass: count the months the log needs, so that it ends in LAST_MONTH whatever its size.
  let months = 0;
  {
    let count = 0;
    for (const item of simulate(seed, richness, new Calendar(2000, 0))) {
      if (item.kind === 'tick') {
        months = item.month + 1;
        continue;
      }
      if (++count === size) break;
    }
  }
  const calendar = Calendar.endingAt(LAST_MONTH, months);
  log(`  generating ${size} events for ${seed}: ${months} months from ${calendar.month(0)} (richness ${richness.toFixed(2)})`);

  const clock = new ManualClock(new Date(calendar.instant(1, 0)));
  const store = new SqliteEventStore({ path, clock, synchronous: 'NORMAL' });
  const streams = new Map<string, StreamEntry>();
  const plansOnRecord = new Map<string, { laCode: string; supersedes?: string }>();
  const dirty: StreamEntry[] = [];
  // Time-ordered ids (UUID v7, what the store gives an event without a command id), their random bits from the seed.
  const idRng = new Prng(seed ^ 0x5bd1e995);
  const idAt = (msecs: number): string => uuidv7({ msecs, random: Uint8Array.from({ length: 16 }, () => idRng.int(0, 255)) });
  const eventIds: string[] = [];
  let written = 0;
  let midKnownAt = '';
  let headRecordedAt = '';
  let corrections = 0;
  let redatings = 0;

  const entryOf = (streamId: string, kind: 'authority' | 'plan'): StreamEntry => {
    let entry = streams.get(streamId);
    if (!entry) {
      entry = {
        streamId,
        events: 0,
        pending: [],
        history: [],
        ...(kind === 'authority' ? { authority: authorityStream.decider.initialState() } : { plan: planStream.decider.initialState() }),
      };
      streams.set(streamId, entry);
    }
    return entry;
  };

  const flush = async (): Promise<void> => {
    for (const entry of dirty) {
      const events = entry.pending;
      entry.pending = [];
      const result = await store.append(entry.streamId, events, { expectedRevision: entry.revision ?? 'no_stream' });
      entry.revision = result.nextExpectedRevision;
      const before = written;
      written += events.length;
      headRecordedAt = result.events[result.events.length - 1].recordedAt;
      if (before < Math.floor(size / 2) && written >= Math.floor(size / 2)) midKnownAt = headRecordedAt;
      clock.advance(1);
    }
    dirty.length = 0;
  };

  const decide = (item: SimCommand, entry: StreamEntry, recordedOn: string, occurredAt: BusinessTime): DomainEvent[] => {
    const raw = { ...item.command };
    if (typeof raw.eventId === 'string' && raw.eventId.startsWith('#')) raw.eventId = eventIds[Number(raw.eventId.slice(1))];
    if (item.kind === 'authority') {
      const command = authorityStream.parse(raw, { recordedOn });
      const context: AuthorityDecisionContext = {
        recordedOn,
        occurredAt,
        streamKey: item.key,
        ...(item.reliedOnBy ? { reliedOnBy: item.reliedOnBy } : {}),
      };
      if (isCorrectionCommand(command)) return decideOnHistory(authorityStream, command, entry.history!, context);
      return authorityStream.decider.decide(command, entry.authority!, context);
    }
    const command = planStream.parse(raw, { recordedOn });
    const created = entry.plan?.status === 'absent' ? undefined : entry.plan;
    const laCode = command.type === 'CreatePlan' ? command.laCode : created?.laCode;
    const council = laCode === undefined ? undefined : streams.get(authorityStream.streamId(laCode))?.authority;
    const context: PlanDecisionContext = {
      recordedOn,
      occurredAt,
      streamKey: item.key,
      ...(council && council.status === 'registered'
        ? { authority: { laCode: council.laCode, inspections: council.inspections, visits: council.visits } }
        : {}),
      plans: plansOnRecord,
      supersededBy: isCorrectionCommand(command)
        ? [...plansOnRecord].filter(([, plan]) => plan.supersedes === item.key).map(([planId]) => planId)
        : [],
    };
    if (isCorrectionCommand(command)) {
      if (!entry.history) throw new Error(`no history kept for a correction in ${entry.streamId}`);
      return decideOnHistory(planStream, command, entry.history, context);
    }
    if (command.type === 'CreatePlan')
      plansOnRecord.set(command.planId, { laCode: command.laCode, ...(command.supersedes ? { supersedes: command.supersedes } : {}) });
    return planStream.decider.decide(command, entry.plan!, context);
  };

  let recordedOn = '';
  for (const item of simulate(seed, richness, calendar)) {
    if (written + dirty.reduce((sum, entry) => sum + entry.pending.length, 0) >= size) break;
    if (item.kind === 'tick') {
      await flush();
      clock.set(new Date(Math.max(item.at, clock.now().getTime())));
      recordedOn = clock.now().toISOString().slice(0, 10);
      continue;
    }
    const streamId = (item.kind === 'authority' ? authorityStream : planStream).streamId(item.key);
    const entry = entryOf(streamId, item.kind);
    const occurredAt = parseBusinessTime(item.occurredAt, 'occurredAt', { recordedOn });
    let events: DomainEvent[];
    try {
      events = decide(item, entry, recordedOn, occurredAt);
    } catch (error) {
      throw new Error(`the domain refused generated command ${item.n} (${item.command.type} on ${streamId}): ${describe(error)}`, {
        cause: error,
      });
    }
    if (events.length !== 1) throw new Error(`command ${item.n} (${item.command.type}) recorded ${events.length} events, not 1`);
    const [event] = events;
    const eventId = idAt(clock.now().getTime());
    eventIds[item.n] = eventId;
    if (entry.pending.length === 0) dirty.push(entry);
    entry.pending.push({
      eventId,
      type: event.type,
      data: event.data as JsonObject,
      metadata: {
        occurredAt,
        actor: item.actor,
        correlationId: idAt(clock.now().getTime()),
        schemaVersion: currentSchemaVersion(event.type),
      },
    });
    entry.events++;
    const stored = { type: event.type, data: event.data, eventId, occurredAt } as const;
    if (entry.history) entry.history.push({ ...stored, recordedAt: clock.now().toISOString() });
    if (event.type === 'EventCorrected') corrections++;
    if (event.type === 'ActionAmended') redatings++;
    if (entry.authority) {
      entry.authority =
        event.type === 'EventCorrected'
          ? stateOf(authorityStream, entry.history!)
          : authorityStream.decider.evolve(entry.authority, stored as Parameters<typeof authorityStream.decider.evolve>[1]);
    } else {
      entry.plan =
        event.type === 'EventCorrected'
          ? stateOf(planStream, entry.history!)
          : planStream.decider.evolve(entry.plan!, stored as Parameters<typeof planStream.decider.evolve>[1]);
      if (entry.events >= HISTORY_KEPT) entry.history = undefined;
    }
    if (item.n % 100_000 === 0 && item.n > 0) log(`    ${item.n} events decided (${Math.round(performance.now() - started)} ms)`);
  }
  await flush();
  await store.close();

  const laCodes = [...streams.values()].filter((entry) => entry.authority).map((entry) => entry.streamId.slice('authority-'.length));
  const openPlanIds = [...streams.values()]
    .filter((entry) => entry.plan?.status === 'open')
    .map((entry) => entry.streamId.slice('plan-'.length));
  return {
    size,
    seed,
    generatorVersion: GENERATOR_VERSION,
    events: written,
    months,
    firstMonth: calendar.month(0),
    midKnownAt,
    headRecordedAt,
    generationMs: Math.round(performance.now() - started),
    corrections,
    redatings,
    laCodes: spread(laCodes, 20),
    openPlanIds: spread(openPlanIds, 20),
  };
}

/** `count` items taken evenly along `items`. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'problems' in error) return `${String(error)} ${JSON.stringify(error.problems)}`;
  if (error && typeof error === 'object' && 'field' in error && 'rule' in error) return `${String(error.field)}: ${String(error.rule)}`;
  return String(error);
}
