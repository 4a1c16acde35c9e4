import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  ACCESS_STREAM_ID,
  DomainRuleViolation,
  accessDecider,
  fold,
  initialAccessState,
  parseAccessCommand,
  rolesOf,
  type AccessCommand,
  type AccessState,
  type RoleGrant,
} from '@plan-ledger/domain';
import { StreamNotFound, WrongExpectedRevision, type Clock, type EventStore, type RecordedEvent } from '@plan-ledger/event-store';
import { v7 as uuidv7 } from 'uuid';
import type { LedgerConfig } from '../config/ledger-config';
import { CLOCK, EVENT_STORE, LEDGER_CONFIG } from '../event-store/event-store.tokens';
import { actorOf, requirePermission, type Principal } from './principal';
import { toAccessEvent, toJsonData } from './access-mapping';
import { TokenVault, type MintedToken } from './token-vault';

/** The roles a subject holds, and the name its latest grant gives it. */
export interface Held {
  readonly displayName?: string;
  readonly roles: RoleGrant[];
}

export interface AccessRecorded {
  readonly events: readonly RecordedEvent[];
  /** Only for a new API token: shown to whoever granted it, once. */
  readonly token?: string;
}

/** How long a read of the access stream is taken as current for other processes' changes (a read costs ~0.1 ms). */
export const ACCESS_STALE_MS = 1000;

/**
 * Who holds which roles, folded from the access stream, and the one way to change it: parse, decide on every grant
 * on record, append at the revision read. Read again before each request is answered (from the last revision seen,
 * so usually nothing), so a grant or revocation made by another process counts at once.
 */
@Injectable()
export class AccessDirectory implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Access');
  private events: RecordedEvent[] = [];
  private state: AccessState = initialAccessState();
  private reading: Promise<void> | undefined;
  /** Until when the last read counts as current (performance.now() time). */
  private freshUntil = 0;
  private next: Promise<void> | undefined;
  readonly vault: TokenVault;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    this.vault = new TokenVault(config.dataDir, config.readOnly);
  }

  /** The first admin, while nobody holds any role: from LEDGER_BOOTSTRAP_ADMIN, on the record like any grant. */
  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    if (this.state.grants.size > 0) return;
    const admin = this.config.bootstrapAdmin;
    if (!admin) {
      if (this.config.auth.mode === 'oidc')
        this.logger.warn(
          'nobody holds any role yet: set LEDGER_BOOTSTRAP_ADMIN=oidc:<subject> for the first admin, or grant one with an API token',
        );
      return;
    }
    const bootstrap: Principal = {
      kind: 'system',
      id: 'system:bootstrap',
      displayName: 'LEDGER_BOOTSTRAP_ADMIN',
      roles: [{ role: 'admin', councils: 'all' }],
    };
    await this.record(
      {
        type: 'GrantAccess',
        grantId: 'bootstrap-admin',
        subject: admin.subject,
        displayName: admin.displayName,
        role: 'admin',
        reason: 'the first admin, named by LEDGER_BOOTSTRAP_ADMIN at first start',
      },
      bootstrap,
    );
    this.logger.log(`granted admin to ${admin.subject} (LEDGER_BOOTSTRAP_ADMIN): the access stream was empty`);
  }

  /**
   * The roles a subject holds now. Changes made through this service count at once; those made by another process on
   * the same store (another node) within ACCESS_STALE_MS. An API token's revocation counts at once everywhere: the
   * vault, read on every request, says so.
   */
  rolesOf(subject: string): Held | Promise<Held> {
    // Synchronous while the last read is current: most requests then pass without a turn of the event loop.
    if (performance.now() < this.freshUntil) return this.heldBy(subject);
    return this.refresh().then(() => this.heldBy(subject));
  }

  private heldBy(subject: string): Held {
    const grants = rolesOf(this.state, subject);
    return { displayName: grants[grants.length - 1]?.displayName, roles: grants.map(({ role, councils }) => ({ role, councils })) };
  }

  /** The subject a grant is for, if it is on record. */
  async subjectOf(grantId: string): Promise<string | undefined> {
    await this.refresh();
    return this.state.grants.get(grantId)?.subject;
  }

  /** Every grant as it stood when the log had recorded up to `recordedUntil` (ISO), or now. */
  async grantsAt(recordedUntil?: string): Promise<{ state: AccessState; events: readonly RecordedEvent[] }> {
    await this.refresh();
    const events = recordedUntil === undefined ? this.events : this.events.filter((event) => event.recordedAt <= recordedUntil);
    return { state: fold(accessDecider, events.map(toAccessEvent)), events };
  }

  /**
   * Grants, changes or revokes access for `principal` (who must be an admin). A GrantAccess for `token:new` issues an
   * API token first and grants to it; revoking a token's grant revokes the token.
   */
  async record(input: Record<string, unknown>, principal: Principal): Promise<AccessRecorded> {
    const decision = requirePermission(principal, { kind: 'manage-access' });
    const recordedOn = this.clock.now().toISOString().slice(0, 10);
    let minted: MintedToken | undefined;
    let command: AccessCommand = parseAccessCommand(input, { recordedOn });
    if (command.type === 'GrantAccess' && command.subject === 'token:new') {
      minted = this.vault.mint();
      command = { ...command, subject: `token:${minted.tokenId}` };
    } else if (command.type === 'GrantAccess' && command.subject.startsWith('token:')) {
      // A role for a token that cannot sign in would show on the record as access nobody has.
      const state = this.vault.state(command.subject.slice('token:'.length));
      if (state !== 'active') {
        const what = state === 'revoked' ? 'a revoked token' : 'not a token this service issued';
        throw new DomainRuleViolation('INVALID_COMMAND', 'subject', `${command.subject} is ${what}: leave subject out for a new token`);
      }
    }
    for (let attempt = 0; ; attempt++) {
      await this.refresh();
      const events = accessDecider.decide(command, fold(accessDecider, this.events.map(toAccessEvent)), { recordedOn });
      try {
        const result = await this.store.append(
          ACCESS_STREAM_ID,
          events.map((event) => ({
            type: event.type,
            data: toJsonData(event),
            metadata: {
              occurredAt: { from: recordedOn, precision: 'day' as const },
              actor: actorOf(principal, decision),
              correlationId: uuidv7(),
            },
          })),
          { expectedRevision: this.events.length ? this.events[this.events.length - 1].revision : 'no_stream' },
        );
        if (minted) this.vault.keep(minted, this.clock.now());
        await this.refresh();
        if (command.type === 'RevokeAccess') {
          // A token ends with its last grant; while it holds another, only the revoked role is gone.
          const subject = this.state.grants.get(command.grantId)?.subject;
          if (subject?.startsWith('token:') && rolesOf(this.state, subject).length === 0)
            this.vault.revoke(subject.slice('token:'.length), this.clock.now());
        }
        return { events: result.events, ...(minted ? { token: minted.token } : {}) };
      } catch (error) {
        // Another writer granted in between: decide again on what it wrote (a grant is small; three tries is plenty).
        if (error instanceof WrongExpectedRevision && attempt < 2) continue;
        throw error;
      }
    }
  }

  /**
   * Reads what the access stream gained since the last read. One read at a time; callers arriving during a read share
   * the next one (which starts after theirs arrived, so it sees every grant and revocation made before they asked).
   */
  private refresh(): Promise<void> {
    if (!this.reading) {
      this.reading = this.readNew().finally(() => (this.reading = undefined));
      return this.reading;
    }
    this.next ??= this.reading.then(
      () => {
        this.next = undefined;
        return this.refresh();
      },
      () => {
        this.next = undefined;
        return this.refresh();
      },
    );
    return this.next;
  }

  private async readNew(): Promise<void> {
    const started = performance.now();
    const from = this.events.length ? this.events[this.events.length - 1].revision + 1n : undefined;
    try {
      for await (const event of this.store.readStream(ACCESS_STREAM_ID, from === undefined ? {} : { fromRevision: from })) {
        this.events.push(event);
        this.state = accessDecider.evolve(this.state, toAccessEvent(event));
      }
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    this.freshUntil = started + ACCESS_STALE_MS;
  }

  onModuleDestroy(): void {
    this.vault.close();
  }
}
