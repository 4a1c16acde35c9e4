import { join } from 'node:path';
import type { Clock, EventStore, RecordedEvent, Subscription } from '@plan-ledger/event-store';
import { openCheckpoint, signCheckpoint, type Checkpoint } from './checkpoint/checkpoint';
import { loadOrCreateKeys, verifierKey, type NotaryKeys } from './checkpoint/notary-keys';
import { appendCheckpointNote, readCheckpointNotes } from './log/checkpoint-file';
import { leafInput } from './log/leaf-input';
import { leafHash, type Hash } from './merkle/hashes';
import { MerkleTree } from './merkle/merkle-tree';

export interface NotaryOptions {
  readonly store: EventStore;
  readonly clock: Clock;
  /** Where the signing key and the checkpoint log live (LEDGER_DATA_DIR/notary). */
  readonly dir: string;
  /** The log's name in its checkpoints. */
  readonly origin: string;
  readonly everyEvents?: number;
  readonly everyMs?: number;
}

export interface InclusionProof {
  readonly eventId: string;
  /** 0-based index of the event's leaf; its position in the log is leafIndex + 1. */
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: Hash;
  readonly rootHash: Hash;
  readonly proof: Hash[];
}

export interface ConsistencyProof {
  readonly from: number;
  readonly to: number;
  readonly fromRoot: Hash;
  readonly toRoot: Hash;
  readonly proof: Hash[];
}

export class NotaryError extends Error {
  constructor(
    readonly code: 'UNKNOWN_EVENT' | 'BAD_TREE_SIZE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Keeps an RFC 6962 Merkle tree over every stored event in global order and signs checkpoints of it: every
 * `everyEvents` events, every `everyMs` when the log has grown, and on demand. On start it rebuilds the tree
 * from the log and checks every checkpoint it signed before against it, so an altered, shortened or reordered
 * log is reported (`alarms`) instead of being silently re-signed.
 */
export class Notary {
  private readonly tree = new MerkleTree();
  private readonly indexOf = new Map<string, number>();
  private readonly keys: NotaryKeys;
  private readonly checkpointPath: string;
  private readonly checkpointList: Checkpoint[] = [];
  private readonly problems: string[] = [];
  private lastPosition = 0n;
  private subscription?: Subscription;
  private following?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: NotaryOptions) {
    this.keys = loadOrCreateKeys(options.dir, options.origin);
    this.checkpointPath = join(options.dir, 'checkpoints.ndjson');
  }

  get publicKey(): string {
    return verifierKey(this.keys);
  }

  get size(): number {
    return this.tree.size;
  }

  /** What the notary found wrong with the log it was given: empty while the log is sound. */
  get alarms(): readonly string[] {
    return this.problems;
  }

  get checkpoints(): readonly Checkpoint[] {
    return this.checkpointList;
  }

  latestCheckpoint(): Checkpoint | undefined {
    return this.checkpointList[this.checkpointList.length - 1];
  }

  async start(): Promise<void> {
    await this.catchUp();
    for (const note of readCheckpointNotes(this.checkpointPath)) {
      try {
        const checkpoint = openCheckpoint(note, this.keys);
        this.checkAgainstTree(checkpoint);
        this.checkpointList.push(checkpoint);
      } catch (error) {
        this.problems.push(`a stored checkpoint is not valid: ${(error as Error).message}`);
      }
    }
    this.subscription = this.options.store.subscribeToAll({ fromPosition: this.lastPosition });
    const subscription = this.subscription;
    this.following = (async () => {
      for await (const event of subscription) {
        this.ingest(event);
        if (this.tree.size - Number(this.latestCheckpoint()?.size ?? 0n) >= (this.options.everyEvents ?? 1000)) this.signNow();
      }
    })().catch((error: Error) => {
      this.problems.push(`following the log stopped: ${error.message}`);
    });
    const every = this.options.everyMs ?? 15 * 60 * 1000;
    this.timer = setInterval(() => {
      if (this.tree.size > Number(this.latestCheckpoint()?.size ?? 0n)) this.signNow();
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.subscription?.stop();
    await this.following;
  }

  /** Reads whatever the log holds beyond what the tree has seen. */
  async catchUp(): Promise<void> {
    for await (const event of this.options.store.readAll({ fromPosition: this.lastPosition + 1n })) this.ingest(event);
  }

  /** Signs a checkpoint of everything recorded so far (or returns the latest, if nothing was recorded since). */
  async checkpoint(): Promise<Checkpoint> {
    await this.catchUp();
    return this.signNow();
  }

  private signNow(): Checkpoint {
    const latest = this.latestCheckpoint();
    if (latest && Number(latest.size) === this.tree.size) return latest;
    const checkpoint = signCheckpoint(this.keys, BigInt(this.tree.size), this.tree.root(), this.options.clock.now().toISOString());
    appendCheckpointNote(this.checkpointPath, checkpoint.note);
    this.checkpointList.push(checkpoint);
    return checkpoint;
  }

  private ingest(event: RecordedEvent): void {
    if (event.position <= this.lastPosition) return; // already in the tree (catch-up and subscription overlap)
    const sequence = BigInt(this.tree.size + 1);
    this.tree.append(leafHash(leafInput(sequence, event.canonical)));
    this.indexOf.set(event.eventId, this.tree.size - 1);
    this.lastPosition = event.position;
  }

  private checkAgainstTree(checkpoint: Checkpoint): void {
    const size = Number(checkpoint.size);
    if (size > this.tree.size) {
      throw new Error(`it covers ${size} events but the log holds ${this.tree.size}: events were removed`);
    }
    if (!this.tree.root(size).equals(checkpoint.rootHash)) {
      throw new Error(`the log's first ${size} events no longer have the root it signed: events were altered, removed or reordered`);
    }
  }

  inclusionProof(eventId: string, treeSize = this.tree.size): InclusionProof {
    const leafIndex = this.indexOf.get(eventId);
    if (leafIndex === undefined) throw new NotaryError('UNKNOWN_EVENT', `event ${eventId} is not in the log`);
    if (!Number.isInteger(treeSize) || treeSize <= leafIndex || treeSize > this.tree.size) {
      throw new NotaryError('BAD_TREE_SIZE', `tree size must be from ${leafIndex + 1} to ${this.tree.size}`);
    }
    return {
      eventId,
      leafIndex,
      treeSize,
      leafHash: this.tree.leaf(leafIndex),
      rootHash: this.tree.root(treeSize),
      proof: this.tree.inclusionProof(leafIndex, treeSize),
    };
  }

  consistencyProof(from: number, to = this.tree.size): ConsistencyProof {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || from > to || to > this.tree.size) {
      throw new NotaryError('BAD_TREE_SIZE', `sizes must satisfy 1 <= from <= to <= ${this.tree.size}`);
    }
    return { from, to, fromRoot: this.tree.root(from), toRoot: this.tree.root(to), proof: this.tree.consistencyProof(from, to) };
  }
}
