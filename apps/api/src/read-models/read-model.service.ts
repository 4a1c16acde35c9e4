import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { StreamHistory, type EventStore, type RecordedEvent } from '@plan-ledger/event-store';
import {
  buildReadModel,
  createReadModelSchema,
  ProjectionRunner,
  readModelHash,
  ReadModelReader,
  type ReadModelStatus,
} from '@plan-ledger/projections';
import type { LedgerConfig } from '../config/ledger-config';
import { EVENT_STORE, LEDGER_CONFIG } from '../event-store/event-store.tokens';

/** How long a question waits for the model to fold what the log held when it was asked, before it is folded instead. */
const WAIT_FOR_MODEL_MS = 2000;
/** Events behind at which a model still catching up is not waited for. */
const FAR_BEHIND = 1000;
/** How far behind the model is counted exactly: beyond it, "more than" is enough to know. */
const COUNT_BEHIND_UP_TO = 100_000;

export interface RebuildOutcome {
  readonly position: bigint;
  readonly hash: string;
  readonly milliseconds: number;
}

export interface VerifyOutcome {
  readonly position: bigint;
  readonly liveHash: string;
  readonly foldedHash: string;
  readonly eventsFolded: number;
}

export interface ReadModelHealth extends Omit<ReadModelStatus, 'position'> {
  readonly position: string;
  /** Events in the log the model has not folded yet (at most COUNT_BEHIND_UP_TO, then `atLeast` is true). */
  readonly eventsBehind: number;
  readonly atLeast: boolean;
}

/**
 * The service's read model: a SQLite file of its own beside the data (or in memory for an in-memory store), kept by a
 * ProjectionRunner from the log, on either store. Each API instance keeps its own, fed from the log's subscription.
 */
@Injectable()
export class ReadModelService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModel');
  private runner: ProjectionRunner;
  private reader: ReadModelReader;
  private rebuilding: Promise<RebuildOutcome> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly streams: StreamHistory,
  ) {
    this.runner = this.newRunner(this.path());
    this.reader = new ReadModelReader(this.runner.db);
  }

  /** In memory for an in-memory store, and for a read-only data folder (nothing is written there; it is built at start). */
  path(): string {
    return this.config.dataDir === ':memory:' || this.config.readOnly ? ':memory:' : join(this.config.dataDir, 'read-models.sqlite');
  }

  private newRunner(path: string): ProjectionRunner {
    return new ProjectionRunner(this.store, { path, streams: this.streams, onProblem: (message) => this.logger.warn(message) });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.readModel) return;
    await this.runner.start();
    // start() may have thrown away an untrusted model and opened a new file.
    this.reader = new ReadModelReader(this.runner.db);
    const { rebuiltBecause } = this.runner.status();
    if (rebuiltBecause) this.logger.log(`building the read model again from the log: ${rebuiltBecause}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  /**
   * The model at `position` (a position of the log at a cut), once it has folded that far: undefined when it has not
   * within the wait, so the caller folds the log instead and says so.
   */
  async at(position: bigint): Promise<ReadModelReader | undefined> {
    if (!this.config.readModel) return undefined;
    // Far behind while catching up (a first start on a large log, a new version): fold now rather than keep every
    // question waiting for it; a few events behind, the wait is short and the answer is the model's.
    const { state, position: folded } = this.runner.status();
    if (state !== 'live' && folded < position && (await this.behind(folded)) > FAR_BEHIND) return undefined;
    return (await this.runner.waitFor(position, WAIT_FOR_MODEL_MS)) ? this.reader : undefined;
  }

  status(): ReadModelStatus {
    return this.runner.status();
  }

  /** Plans and councils the model holds rows of now. */
  streamsHeld(): { readonly plans: string[]; readonly authorities: string[] } {
    return this.runner.streams();
  }

  /** Folds a plan read whole into the projector's memory (ProjectionRunner.warmPlan); false when not kept. */
  warmPlan(planId: string, events: readonly RecordedEvent[]): Promise<boolean> {
    return this.runner.warmPlan(planId, events);
  }

  /**
   * How many events of the log come after `position`: on SQLite positions are consecutive, so a subtraction; on
   * EventStoreDB they are not, so a count, bounded (COUNT_BEHIND_UP_TO + 1 means "more than").
   */
  async behind(position: bigint): Promise<number> {
    const head = await this.store.headPosition();
    if (head <= position) return 0;
    if (this.store.describe().kind === 'sqlite') return Number(head - position);
    let behind = 0;
    for await (const _ of this.store.readAll({ fromPosition: position + 1n, maxCount: COUNT_BEHIND_UP_TO + 1 })) behind += 1;
    return behind;
  }

  async health(): Promise<ReadModelHealth> {
    const status = this.runner.status();
    const behind = await this.behind(status.position);
    return {
      ...status,
      position: status.position.toString(),
      eventsBehind: Math.min(behind, COUNT_BEHIND_UP_TO),
      atLeast: behind > COUNT_BEHIND_UP_TO,
    };
  }

  /**
   * Builds the model again from the log into a file beside the live one while the live one keeps answering, follows the
   * log until it has caught up, then swaps the new file in: queries in the moment of the swap fold the log instead. One
   * rebuild at a time; asking again while one runs waits for it.
   */
  rebuild(): Promise<RebuildOutcome> {
    this.rebuilding ??= this.rebuildNow().finally(() => (this.rebuilding = undefined));
    return this.rebuilding;
  }

  private async rebuildNow(): Promise<RebuildOutcome> {
    const started = Date.now();
    const path = this.path();
    const inMemory = path === ':memory:';
    const nextPath = inMemory ? ':memory:' : `${path}.next`;
    if (!inMemory) for (const suffix of ['', '-wal', '-shm']) rmSync(`${nextPath}${suffix}`, { force: true });
    let next = this.newRunner(nextPath);
    await next.start();
    // Catch up with the head as it moves: the live model keeps answering until the new one is as far as it.
    for (;;) {
      const head = await this.store.headPosition();
      if (await next.waitFor(head, 60_000)) break;
    }
    const old = this.runner;
    if (!inMemory) {
      await next.stop();
      await old.stop();
      for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      renameSync(nextPath, path);
      next = this.newRunner(path);
      await next.start();
    } else {
      await old.stop();
    }
    this.runner = next;
    this.reader = new ReadModelReader(next.db);
    const position = next.status().position;
    return { position, hash: readModelHash(next.db, position), milliseconds: Date.now() - started };
  }

  /**
   * Folds the log from scratch, in memory, to the live model's position and compares the two hashes: equal means every
   * answer the live model gives, now and at every earlier knownAt, is the fold's.
   */
  async verify(): Promise<VerifyOutcome> {
    const live = this.runner;
    const position = live.status().position;
    const liveHash = readModelHash(live.db, position);
    const scratch = new Database(':memory:');
    try {
      createReadModelSchema(scratch);
      const eventsFolded = await buildReadModel(this.store, scratch, position);
      return { position, liveHash, foldedHash: readModelHash(scratch, position), eventsFolded };
    } finally {
      scratch.close();
    }
  }
}
