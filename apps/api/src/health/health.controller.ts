import { Controller, Get, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock, EventStore } from '@plan-ledger/event-store';
import type { Notary } from '@plan-ledger/notary';
import { authorise } from '@plan-ledger/domain';
import { Public } from '../access/access-rule';
import { principalOf } from '../access/request-principal';
import type { LedgerConfig } from '../config/ledger-config';
import { CLOCK, EVENT_STORE, LEDGER_CONFIG } from '../event-store/event-store.tokens';
import { lastRecordedAt } from '../ledger/ledger-reader';
import { NOTARY } from '../notary/notary.module';
import { ReadModelService, type ReadModelHealth } from '../read-models/read-model.service';
import { StreamWarmer, type WarmingHealth } from '../ledger/stream-warmer';

/** What anyone may see: whether the service can serve (200) or not (503). */
export interface Liveness {
  /**
   * `degraded`: serving, but something is wrong that people must know: the notary raised an alarm (the log is not as it
   * signed it; no checkpoint is signed until an admin clears it), or the clock is behind the last event's recordedAt
   * (it was stepped back after running ahead), so every new event is stamped with that later recordedAt until the clock
   * catches up.
   */
  status: 'ok' | 'degraded' | 'unavailable';
  /** Present on a read-only service (an auditor's copy, a read-only data folder): it serves reads and refuses writes. */
  readOnly?: true;
}

/** What an operator sees besides: where the log is, how far it goes, the notary, the clock, the failure. */
export interface HealthReport extends Liveness {
  store: { kind: string; location: string };
  /** Why this service is read-only (LEDGER_READ_ONLY, or the file or folder it cannot write); absent when it records. */
  readOnlyReason?: string;
  /** Position of the last event in the log, as a decimal string (positions are 64-bit). */
  headPosition?: string;
  /** The notary's view: how much of the log it has hashed, its latest signed size, and anything it found wrong. */
  notary: {
    treeSize: number;
    latestCheckpointSize: string | null;
    alarms: readonly string[];
    clearedAlarms: readonly string[];
    key: { location: string; weaknesses: readonly string[] };
    lagging?: string;
    /** Why the last scheduled signature failed. */
    signing?: string;
    /** Witnesses that did not cosign the latest checkpoint, and why. */
    witnesses?: readonly string[];
    /** Whether this notary signs: false on a read-only service (and on an instance with LEDGER_NOTARY_SIGNS=false). */
    signs: boolean;
    /**
     * While the tree taken from its file at start is checked again in the background: ready meanwhile, no checkpoint
     * signed until it ends, and whatever it finds raised as alarms.
     */
    verifying?: string;
  };
  /** The read model answers come from: its state, the position it has folded, and how many events it is behind. */
  readModel?: ReadModelHealth;
  /**
   * Streams read and folded at start for the next command and the next event on each (StreamWarmer): until done, the
   * first command on a long plan reads its stream itself.
   */
  warming?: WarmingHealth;
  /** Only when degraded: the store's clock and the recordedAt of the last event, which is later. */
  clock?: { now: string; lastRecordedAt: string };
  error?: string;
}

@Controller('health')
@Public('liveness is for load balancers and probes; the details are checked in the handler')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NOTARY) private readonly notary: Notary,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly readModels: ReadModelService,
    private readonly warmer: StreamWarmer,
  ) {}

  /**
   * Readiness, for a load balancer or an orchestrator: 503 while the store is unavailable or a notary alarm stands, so
   * that damage is never served as if nothing were wrong; 200 otherwise (a clock behind is still ready).
   */
  @Get('ready')
  async ready(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Liveness | HealthReport> {
    const report = await this.report();
    if (report.status === 'unavailable' || report.notary.alarms.length > 0) reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return this.answer(request, report);
  }

  @Get()
  async health(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<Liveness | HealthReport> {
    const report = await this.report();
    if (report.status === 'unavailable') reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return this.answer(request, report);
  }

  /** The whole report to admins and auditors; to anyone else, whether it serves, and whether it only reads. */
  private answer(request: FastifyRequest, report: HealthReport): Liveness | HealthReport {
    if (this.mayReadDetails(request)) return report;
    return { status: report.status, ...(report.readOnly ? { readOnly: true } : {}) };
  }

  /**
   * The store's location (a path, or a connection string's hosts), the log's size and the failure's text help an
   * attacker: they are for admins and auditors (in local mode, the local user, who holds every role).
   */
  private mayReadDetails(request: FastifyRequest): boolean {
    try {
      return authorise(principalOf(request).roles, { kind: 'health-details' }).allowed;
    } catch {
      return false;
    }
  }

  private async report(): Promise<HealthReport> {
    const store = this.store.describe();
    const notary = {
      treeSize: this.notary.size,
      latestCheckpointSize: this.notary.latestCheckpoint()?.size.toString() ?? null,
      alarms: this.notary.alarms,
      clearedAlarms: this.notary.clearedAlarms,
      key: this.notary.key,
      ...(this.notary.lagging ? { lagging: this.notary.lagging } : {}),
      ...(this.notary.signing ? { signing: this.notary.signing } : {}),
      ...(this.notary.witnessTrouble.length ? { witnesses: this.notary.witnessTrouble } : {}),
      signs: this.config.notarySigns && !this.notary.readOnly,
      ...(this.notary.verifyingInBackground ? { verifying: this.verifyingText() } : {}),
    };
    const readOnly = this.config.readOnly ? { readOnly: true as const, readOnlyReason: this.config.readOnlyReason } : {};
    try {
      const head = await this.store.headPosition();
      const last = await lastRecordedAt(this.store, head);
      const now = this.clock.now().toISOString();
      const clock = last !== undefined && now < last ? { clock: { now, lastRecordedAt: last } } : {};
      const degraded =
        notary.alarms.length > 0 ||
        'clock' in clock ||
        notary.lagging !== undefined ||
        notary.signing !== undefined ||
        notary.witnesses !== undefined;
      const readModel = await this.readModels.health();
      const status = degraded || readModel.state === 'retrying' ? 'degraded' : 'ok';
      const warming = this.warmer.health();
      return { status, ...readOnly, store, headPosition: head.toString(), notary, readModel, warming, ...clock };
    } catch (error) {
      return { status: 'unavailable', ...readOnly, store, notary, error: (error as Error).message };
    }
  }

  private verifyingText(): string {
    const started = this.notary.startedFrom;
    return `in progress: the ${started?.restored ?? 0} leaves taken from the tree file at start are being checked against every stored event; no checkpoint is signed until it ends`;
  }
}
