import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { EventStore, RecordedEvent, Subscription } from '@plan-ledger/event-store';
import { EVENT_STORE } from '../../event-store/event-store.tokens';
import { councilsOfPlanStream } from '../../ledger/plan-councils';
import { ChangeQueue } from './change-queue';
import { changeOf, PLAN_COUNCIL_EVENTS, PLAN_PREFIX, type LedgerChange } from './ledger-change';
import { ChangeFeedInterrupted, TooManySubscriptions } from './subscription-errors';

/** Live subscriptions one principal may hold at once (across its connections). */
export const MAX_SUBSCRIPTIONS_PER_PRINCIPAL = 20;
/** Changes that may wait for one subscriber before it is ended as too slow. */
export const MAX_QUEUED_CHANGES = 1000;
/** Plans whose councils are remembered; past it the memory starts again (each plan is then read once more). */
const MAX_REMEMBERED_PLANS = 10_000;

/** One run of the store's live subscription, from the head of the log when the first subscriber came. */
interface FeedRun {
  readonly ready: Promise<Subscription>;
  /** planId → every council the plan has belonged to, its current one first. */
  readonly planCouncils: Map<string, readonly string[]>;
}

/**
 * The log's changes for GraphQL subscribers: one live subscription to the store per service instance, started when
 * the first subscriber comes and stopped when the last leaves, each event mapped once and offered to every
 * subscriber's queue, which keeps only what its subscriber asked for and may read.
 */
@Injectable()
export class LedgerChangeFeed implements OnModuleDestroy {
  private readonly logger = new Logger('Subscriptions');
  private readonly queues = new Set<ChangeQueue>();
  private readonly perPrincipal = new Map<string, number>();
  private run: FeedRun | undefined;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * A subscriber's queue of the changes `accepts` lets through. Resolves once the store's subscription has its starting
   * position, so every event recorded after this resolves reaches the queue.
   * @throws TooManySubscriptions, ChangeFeedInterrupted (the store could not be read)
   */
  async open(principalId: string, accepts: (change: LedgerChange) => boolean): Promise<ChangeQueue> {
    const held = this.perPrincipal.get(principalId) ?? 0;
    if (held >= MAX_SUBSCRIPTIONS_PER_PRINCIPAL) throw new TooManySubscriptions(principalId, MAX_SUBSCRIPTIONS_PER_PRINCIPAL);
    this.perPrincipal.set(principalId, held + 1);
    const queue = new ChangeQueue(accepts, MAX_QUEUED_CHANGES, () => this.leave(queue, principalId));
    this.queues.add(queue);
    try {
      this.run ??= this.start();
      await this.run.ready;
    } catch (error) {
      await queue.return();
      throw new ChangeFeedInterrupted(error instanceof Error ? error.message : String(error));
    }
    return queue;
  }

  /** How many subscribers are live (for tests and /health-like views). */
  get subscriberCount(): number {
    return this.queues.size;
  }

  async onModuleDestroy(): Promise<void> {
    const run = this.run;
    this.run = undefined;
    for (const queue of [...this.queues]) await queue.return();
    if (run) await (await run.ready.catch(() => undefined))?.stop();
  }

  private leave(queue: ChangeQueue, principalId: string): void {
    if (!this.queues.delete(queue)) return;
    const held = (this.perPrincipal.get(principalId) ?? 1) - 1;
    if (held > 0) this.perPrincipal.set(principalId, held);
    else this.perPrincipal.delete(principalId);
    if (this.queues.size > 0 || !this.run) return;
    // Nobody listens: no reason to keep reading the log. The next subscriber starts from the head again.
    const run = this.run;
    this.run = undefined;
    void run.ready.then((subscription) => subscription.stop()).catch(() => undefined);
  }

  private start(): FeedRun {
    const ready = (async () => {
      // The head as a checkpoint, not 'end': the subscription then starts exactly after what was recorded before the
      // first subscriber was told it is live.
      const head = await this.store.headPosition();
      return this.store.subscribeToAll({ fromPosition: head });
    })();
    const run: FeedRun = { ready, planCouncils: new Map() };
    ready.then(
      (subscription) => void this.deliver(run, subscription),
      // The store could not be read: the subscribers waiting are told (open), and the next one tries again.
      () => {
        if (this.run === run) this.run = undefined;
      },
    );
    return run;
  }

  private async deliver(run: FeedRun, subscription: Subscription): Promise<void> {
    try {
      for await (const event of subscription) {
        // A run stopped while a new one started: the new one delivers from its own start, so this one stays silent.
        if (this.run !== run) break;
        const change = await this.changeOf(run, event);
        if (!change || this.run !== run) continue;
        for (const queue of this.queues) queue.offer(change);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`the store's live subscription failed: ${reason}`);
      if (this.run !== run) return;
      this.run = undefined;
      for (const queue of [...this.queues]) queue.fail(new ChangeFeedInterrupted(reason));
    }
  }

  private async changeOf(run: FeedRun, event: RecordedEvent): Promise<LedgerChange | undefined> {
    if (!event.streamId.startsWith(PLAN_PREFIX)) return changeOf(event);
    const planId = event.streamId.slice(PLAN_PREFIX.length);
    let councils = run.planCouncils.get(planId);
    if (!councils || PLAN_COUNCIL_EVENTS.has(event.type)) {
      councils = await this.councilsOf(event.streamId);
      if (run.planCouncils.size >= MAX_REMEMBERED_PLANS) run.planCouncils.clear();
      run.planCouncils.set(planId, councils);
    }
    return changeOf(event, councils);
  }

  /** The plan's councils as plan-councils.ts decides them for queries: from its whole stream, corrections applied. */
  private async councilsOf(streamId: string): Promise<readonly string[]> {
    try {
      const events: RecordedEvent[] = [];
      for await (const event of this.store.readStream(streamId)) events.push(event);
      return councilsOfPlanStream(events);
    } catch (error) {
      this.logger.warn(`cannot tell the councils of ${streamId}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }
}
