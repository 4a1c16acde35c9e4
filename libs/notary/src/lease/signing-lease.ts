import { StreamNotFound, WrongExpectedRevision, type Clock, type EventStore, type RecordedEvent } from '@plan-ledger/event-store';

/** The stream the signing lease is kept on: in the log itself, so who signed when is on the record and notarised. */
export const LEASE_STREAM_ID = 'notary-lease';
export const LEASE_TAKEN = 'NotarySigningLeaseTaken';

export interface LeaseState {
  readonly holder: string;
  /** Until when (ISO 8601) the holder may sign without renewing. */
  readonly until: string;
}

/**
 * Exactly one signer among several instances on one log (EventStoreDB with several API instances): an instance signs only
 * while it holds the lease, taken or renewed by appending to LEASE_STREAM_ID with the revision it read as the expected
 * revision, so of two instances that read the same lease only one append succeeds (the other gets WrongExpectedRevision
 * and does not sign). A lease held by another instance is taken over only once it has run out: an instance that stopped
 * signing (crashed, cut off) is replaced after at most `ttlMs`. Renewed once half of it has passed, so the log gains an
 * event per `ttlMs / 2` of signing, not one per checkpoint.
 */
export class SigningLease {
  private heldUntil = 0;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    /** Who this instance is (host name and process id, or an orchestrator's pod name): recorded on the lease. */
    readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  /** The lease as the log last recorded it; undefined when nobody ever took it. */
  async current(): Promise<{ state: LeaseState; revision: bigint } | undefined> {
    let last: RecordedEvent | undefined;
    try {
      for await (const event of this.store.readStream(LEASE_STREAM_ID, { direction: 'backwards', fromRevision: 'end', maxCount: 1 }))
        last = event;
    } catch (error) {
      if (error instanceof StreamNotFound) return undefined;
      throw error;
    }
    if (!last) return undefined;
    const { holder, until } = last.data;
    return typeof holder === 'string' && typeof until === 'string' ? { state: { holder, until }, revision: last.revision } : undefined;
  }

  /**
   * Whether this instance may sign now: true while it holds the lease (renewing it past half its time), false while
   * another does or when another won the race to take it.
   */
  async acquire(): Promise<boolean> {
    const now = this.clock.now().getTime();
    if (now < this.heldUntil - this.ttlMs / 2) return true;
    const current = await this.current();
    if (current && current.state.holder !== this.holder && Date.parse(current.state.until) > now) {
      this.heldUntil = 0;
      return false;
    }
    const until = new Date(now + this.ttlMs).toISOString();
    try {
      await this.store.append(
        LEASE_STREAM_ID,
        [
          {
            type: LEASE_TAKEN,
            data: { holder: this.holder, until, ...(current ? { from: current.state.holder } : {}) },
            metadata: {
              occurredAt: { from: new Date(now).toISOString().slice(0, 10), precision: 'day' },
              actor: { id: `notary:${this.holder}`, role: 'notary' },
            },
          },
        ],
        { expectedRevision: current ? current.revision : 'no_stream' },
      );
    } catch (error) {
      // Another instance took or renewed it between our read and our append: it signs, we do not.
      if (error instanceof WrongExpectedRevision) {
        this.heldUntil = 0;
        return false;
      }
      throw error;
    }
    this.heldUntil = now + this.ttlMs;
    return true;
  }
}
