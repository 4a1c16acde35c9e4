import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoredEventUnreadable, type EventStore, type RecordedEvent, type StreamHistory } from '@plan-ledger/event-store';
import { ReadModelProjector } from './read-model-projector';
import { createReadModelSchema, OPEN, READ_MODEL_VERSION } from './read-model-schema';

const CHECKPOINT = 'ledger';
const YIELD = Symbol('yield');
/** Milliseconds of folding a transaction holds the event loop for, at most (then it commits and yields). */
const SLICE_MS = 20;

export type ReadModelState = 'starting' | 'catching up' | 'live' | 'retrying' | 'stopped';

export interface ReadModelStatus {
  readonly state: ReadModelState;
  /** The last position the model has folded, committed with its rows. */
  readonly position: bigint;
  readonly version: number;
  /** Why the model last stopped following (it retries), or null. */
  readonly problem: string | null;
  /** Why the model was built again from the log at start, or null when it resumed from its checkpoint. */
  readonly rebuiltBecause: string | null;
  /** Stored events that could not be read at all (damaged bytes), passed over so that the rest is served. */
  readonly passedOver: readonly string[];
}

export interface ProjectionRunnerOptions {
  /** The read model's SQLite file, or ':memory:'. */
  readonly path: string;
  /** Events folded per transaction at most while catching up; live events commit as soon as none is waiting. */
  readonly batchSize?: number;
  /** Back-off before following again after a failure. */
  readonly retryMs?: number;
  readonly onProblem?: (message: string) => void;
  /** Streams read lately by the service's commands, shared so that a plan re-folded after a command is not read twice. */
  readonly streams?: StreamHistory;
}

/**
 * Keeps the read model: catches up from its checkpoint, then follows the log live on the store's subscription. Rows
 * and checkpoint are written in one transaction, so a crash leaves the model at a checkpoint it really reached: never
 * ahead of it, never behind. A model of another READ_MODEL_VERSION, or of another log (its first event differs), or
 * ahead of the log, is built again from the start.
 */
export class ProjectionRunner {
  private opened: Database.Database;
  private projector: ReadModelProjector;
  private position = 0n;
  private state: ReadModelState = 'starting';
  private problem: string | null = null;
  private rebuiltBecause: string | null = null;
  private readonly passedOver: string[] = [];
  private stopped = false;
  private subscription: { stop(): Promise<void> } | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  private waiters: { position: bigint; resolve: (reached: boolean) => void }[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly options: ProjectionRunnerOptions,
  ) {
    [this.opened, this.projector] = this.open();
  }

  /** The model's connection: a new one after start() has thrown away a model it could not trust. */
  get db(): Database.Database {
    return this.opened;
  }

  /** The model's file opened (its schema made if new), with a projector writing to it. */
  private open(): [Database.Database, ReadModelProjector] {
    const db = new Database(this.options.path);
    db.pragma('journal_mode = WAL');
    // The model is rebuilt from the log if lost, so a power cut may cost its last transactions but never its consistency.
    db.pragma('synchronous = NORMAL');
    createReadModelSchema(db);
    return [db, new ReadModelProjector(db, this.store, this.options.streams)];
  }

  status(): ReadModelStatus {
    return {
      state: this.state,
      position: this.position,
      version: READ_MODEL_VERSION,
      problem: this.problem,
      rebuiltBecause: this.rebuiltBecause,
      passedOver: [...this.passedOver],
    };
  }

  /** Reads the checkpoint (rebuilding when it cannot be trusted) and starts following the log. */
  async start(): Promise<void> {
    const logId = await this.logId();
    const head = await this.store.headPosition();
    const saved = this.db
      .prepare<[string], { position: number | bigint; version: number; log_id: string }>(
        'SELECT position, version, log_id FROM read_model_checkpoint WHERE name = ?',
      )
      .safeIntegers(true)
      .get(CHECKPOINT);
    const reason = !saved
      ? null
      : Number(saved.version) !== READ_MODEL_VERSION
        ? `the model was built by version ${String(saved.version)}, this is version ${READ_MODEL_VERSION}`
        : saved.log_id !== logId
          ? 'the model was built from another log'
          : BigInt(saved.position) > head
            ? `the model is at position ${String(saved.position)}, beyond the log's head ${head}`
            : null;
    if (!saved || reason) {
      this.reset(logId);
      this.rebuiltBecause = reason;
    } else {
      this.position = BigInt(saved.position);
    }
    this.state = 'catching up';
    this.loopDone = this.follow();
  }

  /**
   * Warms the projector's memory of a plan from its events as read whole (see ReadModelProjector.warmPlan), while the
   * model follows the log live: only the events the model has folded count. False when not kept.
   */
  async warmPlan(planId: string, events: readonly RecordedEvent[]): Promise<boolean> {
    if (this.state !== 'live') return false;
    const folded = this.position;
    return this.projector.warmPlan(
      planId,
      events.filter((event) => event.position <= folded),
      () => new Promise((resolve) => setImmediate(resolve)),
    );
  }

  /** Plans and councils the model holds rows of now: what a service warms at start. */
  streams(): { readonly plans: string[]; readonly authorities: string[] } {
    const plans = this.db
      .prepare<[bigint], { plan_id: string }>("SELECT plan_id FROM plan_rows WHERE kind = 'plan' AND valid_to = ?")
      .all(OPEN)
      .map((row) => row.plan_id);
    const authorities = this.db
      .prepare<[bigint], { la_code: string }>('SELECT la_code FROM authority_rows WHERE valid_to = ?')
      .all(OPEN)
      .map((row) => row.la_code);
    return { plans, authorities };
  }

  /** Resolves true once the model has folded `position`, false after `timeoutMs` or when stopped. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = { position, resolve: (reached: boolean) => resolve(reached) };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(this.position >= position);
      }, timeoutMs).unref();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.state = 'stopped';
    await this.subscription?.stop();
    await this.loopDone;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
    if (this.db.open) this.db.close();
  }

  /** The log's identity: its first event's id (a damaged first row is named by its position instead). */
  private async logId(): Promise<string> {
    try {
      for await (const event of this.store.readAll({ maxCount: 1 })) return event.eventId;
    } catch (error) {
      if (error instanceof StoredEventUnreadable) return `unreadable first event at ${error.position}`;
      throw error;
    }
    return '';
  }

  private reset(logId: string): void {
    if (this.options.path === ':memory:') {
      this.db.exec('DELETE FROM plan_rows; DELETE FROM authority_rows; DELETE FROM read_model_checkpoint;');
    } else {
      // A new file rather than DELETE: deleting the rows of a model of a large log reads every page of it first (ten
      // gigabytes at 1M events: five minutes before the service listened, measured by bench:web after a version change).
      this.opened.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.options.path}${suffix}`, { force: true });
      [this.opened, this.projector] = this.open();
    }
    this.db
      .prepare('INSERT INTO read_model_checkpoint (name, position, version, log_id) VALUES (?, 0, ?, ?)')
      .run(CHECKPOINT, READ_MODEL_VERSION, logId);
    this.position = 0n;
    this.projector.forget();
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.followOnce();
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof StoredEventUnreadable && error.position > this.position) {
          await this.passOver(error);
          continue;
        }
        this.problem = error instanceof Error ? error.message : String(error);
        this.state = 'retrying';
        this.options.onProblem?.(`read model: ${this.problem}; following again from position ${this.position}`);
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 1000).unref());
      }
    }
  }

  private async followOnce(): Promise<void> {
    const batchSize = this.options.batchSize ?? 1000;
    const subscription = this.store.subscribeToAll({ fromPosition: this.position });
    this.subscription = subscription;
    const events = subscription[Symbol.asyncIterator]();
    const saveCheckpoint = this.db.prepare<[bigint, string]>('UPDATE read_model_checkpoint SET position = ? WHERE name = ?');
    let next = events.next();
    while (!this.stopped) {
      // Caught up: wait for the log, with nothing open.
      if (this.state !== 'live') {
        const ready = await Promise.race([next, new Promise<typeof YIELD>((resolve) => setImmediate(() => resolve(YIELD)))]);
        if (ready === YIELD) this.markLive();
      }
      let result = await next;
      if (result.done) return;
      let last: RecordedEvent | undefined;
      // A model started on an empty log learns the log's identity from its first event.
      const identity = this.position === 0n ? result.value.eventId : undefined;
      const sliceStart = performance.now();
      this.db.exec('BEGIN IMMEDIATE');
      try {
        if (identity)
          this.db
            .prepare<[string, string]>("UPDATE read_model_checkpoint SET log_id = ? WHERE name = ? AND log_id = ''")
            .run(identity, CHECKPOINT);
        for (let count = 0; ; count++) {
          await this.projector.project(result.value);
          last = result.value;
          next = events.next();
          // A slice of the event loop at most: the service keeps answering (and /health) while the model catches up.
          if (count + 1 >= batchSize || performance.now() - sliceStart > SLICE_MS) break;
          const ready = await Promise.race([next, new Promise<typeof YIELD>((resolve) => setImmediate(() => resolve(YIELD)))]);
          if (ready === YIELD || ready.done) break;
          result = ready;
        }
        saveCheckpoint.run(last.position, CHECKPOINT);
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        this.projector.forget();
        await subscription.stop();
        throw error;
      }
      this.position = last.position;
      this.problem = null;
      this.release();
      // Let I/O in between slices: a caught-up page of the log resolves in microtasks, which alone would starve it.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * A damaged row cannot be folded, and reading pages of the log stops at it: the events before it are folded, it is
   * passed over (named on /health, as the notary names it in its alarm), and the model follows on from the next one.
   */
  private async passOver(damaged: StoredEventUnreadable): Promise<void> {
    const before = damaged.position - this.position - 1n;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      if (before > 0n)
        for await (const event of this.store.readAll({ fromPosition: this.position + 1n, maxCount: Number(before) }))
          await this.projector.project(event);
      this.db.prepare<[bigint, string]>('UPDATE read_model_checkpoint SET position = ? WHERE name = ?').run(damaged.position, CHECKPOINT);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.projector.forget();
      throw error;
    }
    this.position = damaged.position;
    this.passedOver.push(damaged.message);
    this.options.onProblem?.(`read model: ${damaged.message}; passed over, the model follows on`);
    this.release();
  }

  private markLive(): void {
    this.state = 'live';
  }

  private release(): void {
    const reached = this.waiters.filter((w) => w.position <= this.position);
    this.waiters = this.waiters.filter((w) => w.position > this.position);
    for (const waiter of reached) waiter.resolve(true);
  }
}
