import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { StreamNotFound, type Clock, type EventStore, type RecordedEvent, type Subscription } from '@plan-ledger/event-store';
import { openCheckpoint, signCheckpoint, type Checkpoint } from './checkpoint/checkpoint';
import { loadNotaryKeys, verifierKey, type KeySource, type LoadedKeys, type NotaryKeys } from './checkpoint/notary-keys';
import { appendCheckpointNote, readCheckpointFile, withCheckpointLock } from './log/checkpoint-file';
import { addSignatureLines } from './witness/cosignature';
import { witnessCheckpoint } from './witness/client';
import { leafInput } from './log/leaf-input';
import type { SigningLease } from './lease/signing-lease';
import { leafHash, type Hash } from './merkle/hashes';
import { MerkleTree } from './merkle/merkle-tree';
import {
  eventIdBytes,
  eventIdString,
  positionAt,
  readTreeFile,
  restoreTree,
  storedEventIds,
  TREE_FILE_NAME,
  TreeFileWriter,
} from './log/leaves-file';

export interface NotaryOptions {
  readonly store: EventStore;
  readonly clock: Clock;
  /** Where the signing key and the checkpoint log live (LEDGER_DATA_DIR/notary). */
  readonly dir: string;
  /** The log's name in its checkpoints. */
  readonly origin: string;
  readonly everyEvents?: number;
  readonly everyMs?: number;
  /** The signing key, kept apart from the data (a file or an environment secret); unset, it lives in `dir`. */
  readonly key?: KeySource;
  /** The data folder, to tell whether a key file is inside it. */
  readonly dataDir?: string;
  /** How often to re-read every stored event against the tree (live detection); unset, never on a schedule. */
  readonly auditEveryMs?: number;
  /** Witnesses (C2SP tlog-witness) each new checkpoint is submitted to; `key`, their verifier key, checks their cosignature. */
  readonly witnesses?: readonly { readonly url: string; readonly key?: string }[];
  /**
   * Keep the tree in `dir`/tree-leaves.bin and start from it: the root at the latest checkpoint's size is checked at start,
   * the rest (every kept hash, every stored event) in the background. Only for the one process that follows the log.
   */
  readonly treeFile?: boolean;
  /**
   * With the tree file: a restored tree of at most this many leaves is checked again before start() returns (at 35,000
   * events a second, about 1.4 s for the default 50,000), so damage to a small log is an alarm at start as without the
   * file; a larger one is checked in the background.
   */
  readonly verifyAtStartUpTo?: number;
  /**
   * A read-only data folder or an auditor's copy: the notary follows and checks the log as always, signs nothing, and
   * writes nothing (no key made, no notary.pub, no tree file, no checkpoint); a tree file already there is still read.
   */
  readonly readOnly?: boolean;
  /**
   * Several instances on one log (EventStoreDB): sign only while holding this lease (see SigningLease), so exactly one
   * instance signs at a time, and another takes over once the holder stops renewing it.
   */
  readonly lease?: Pick<SigningLease, 'acquire' | 'current' | 'holder'>;
}

/** How start() got the tree: from the tree file (then verified in the background) or by reading the whole log. */
export interface TreeStart {
  readonly from: 'tree-file' | 'log';
  /** Leaves taken from the file. */
  readonly restored: number;
  /** Why the file was not used, when it was not. */
  readonly reason?: string;
  readonly ms: number;
}

/** The stream on which clearing the notary's alarms is recorded, by an admin, with a reason. */
export const NOTARY_STREAM_ID = 'notary';
export const ALARMS_CLEARED = 'NotaryAlarmsCleared';

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
    readonly code: 'UNKNOWN_EVENT' | 'BAD_TREE_SIZE' | 'ALARMS_STANDING' | 'READ_ONLY' | 'NOT_SIGNER',
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
  private tree = new MerkleTree();
  private treeWriter?: TreeFileWriter;
  /** EventIds of the leaves restored from the tree file, until the eventId → index map is first needed. */
  private restoredIds?: Buffer;
  private treeStart?: TreeStart;
  private verification?: Promise<{ readonly checked: number; readonly found: readonly string[] }>;
  private verifying = false;
  private readonly indexOf = new Map<string, number>();
  private readonly keys: NotaryKeys;
  private readonly loaded: LoadedKeys;
  private readonly checkpointPath: string;
  private readonly checkpointList: Checkpoint[] = [];
  private readonly problems: string[] = [];
  private readonly acknowledged = new Set<string>();
  private lastPosition = 0n;
  private subscription?: Subscription;
  private following?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private auditTimer?: NodeJS.Timeout;
  private stopped = false;
  /** The event the log could not be read past at start (a corrupt row), named by store and position. */
  private unreadable?: string;
  private lag?: string;
  /** Witnesses' cosignatures of each checkpoint, by its note: kept apart, so checkpoints.ndjson holds only what we signed. */
  private readonly cosignatures = new Map<string, string[]>();
  private readonly witnessedSize = new Map<string, number>();
  private readonly witnessProblems = new Map<string, string>();
  private witnessing: Promise<void> = Promise.resolve();

  constructor(private readonly options: NotaryOptions) {
    this.loaded = loadNotaryKeys(options.dir, options.origin, options.key, options.dataDir, options.readOnly);
    this.keys = this.loaded.keys;
    this.problems.push(...this.loaded.alarms);
    this.checkpointPath = join(options.dir, 'checkpoints.ndjson');
    this.cosignaturePath = join(options.dir, 'cosignatures.ndjson');
    // Read here, not at start: the CLI's notary exports without following the log, and its bundles carry them too.
    // A damaged cosignature record costs only those cosignatures (the witness still holds them, and serves its latest);
    // it is reported by file and line with the witnesses' trouble, never a reason not to start.
    const kept = readCheckpointFile(this.cosignaturePath);
    this.cosignatureProblems.push(...kept.problems);
    for (const { note, line } of kept.notes) {
      try {
        const record = JSON.parse(note) as { note?: unknown; lines?: unknown };
        if (typeof record.note !== 'string' || !Array.isArray(record.lines) || !record.lines.every((l) => typeof l === 'string'))
          throw new Error('not {"note": ..., "lines": [...]}');
        this.cosignatures.set(record.note, record.lines as string[]);
      } catch (error) {
        this.cosignatureProblems.push(`${this.cosignaturePath} line ${line} was set aside: ${(error as Error).message}`);
      }
    }
  }

  private readonly cosignaturePath: string;
  private readonly cosignatureProblems: string[] = [];

  /** A checkpoint's note with the cosignatures its witnesses gave it (the note alone when none did). */
  cosignedNote(checkpoint: Checkpoint): string {
    return this.cosignedNoteOf(checkpoint.note);
  }

  cosignedNoteOf(note: string): string {
    const lines = this.cosignatures.get(note);
    return lines?.length ? addSignatureLines(note, lines) : note;
  }

  /** Why a witness did not cosign the latest checkpoint, by witness; empty while each cosigned. */
  get witnessTrouble(): readonly string[] {
    return [...this.cosignatureProblems, ...this.witnessProblems.values()];
  }

  /** Waits for the submissions to witnesses under way (tests, and export, which wants the cosignatures). */
  async witnessed(): Promise<void> {
    await this.witnessing;
  }

  /**
   * Submits a new checkpoint to every configured witness, in the order signed, with a consistency proof from what each
   * cosigned last. A witness that refuses is reported (a 422 means it saw another history: the log or its key is not
   * what it was); the checkpoint stands either way, and the next one is offered again.
   */
  private witness(checkpoint: Checkpoint): void {
    const witnesses = this.options.witnesses ?? [];
    if (witnesses.length === 0) return;
    const size = Number(checkpoint.size);
    this.witnessing = this.witnessing.then(async () => {
      for (const { url, key } of witnesses) {
        try {
          const { lines } = await witnessCheckpoint(
            url,
            checkpoint.note,
            size,
            (from) => this.tree.consistencyProof(from, size),
            this.witnessedSize.get(url) ?? 0,
            {
              ...(key ? { witnessKey: key } : {}),
            },
          );
          this.witnessedSize.set(url, size);
          this.witnessProblems.delete(url);
          const kept = [...(this.cosignatures.get(checkpoint.note) ?? []), ...lines];
          this.cosignatures.set(checkpoint.note, kept);
          appendCheckpointNote(this.cosignaturePath, JSON.stringify({ note: checkpoint.note, lines: kept }));
        } catch (error) {
          this.witnessProblems.set(url, `the witness at ${url} did not cosign the checkpoint of size ${size}: ${(error as Error).message}`);
        }
      }
    });
  }

  /** Where the key is kept, and what is weak about it. */
  get key(): { readonly location: LoadedKeys['location']; readonly weaknesses: readonly string[] } {
    return { location: this.loaded.location, weaknesses: this.loaded.weaknesses };
  }

  /** Alarms an admin cleared, on the record with a reason: still true, no longer stopping the notary. */
  get clearedAlarms(): readonly string[] {
    return this.problems.filter((problem) => this.acknowledged.has(problem));
  }

  /** Why the notary is not keeping up with the log, while it retries; undefined when it is. */
  get lagging(): string | undefined {
    return this.lag;
  }

  get publicKey(): string {
    return verifierKey(this.keys);
  }

  /** Whether this notary only checks (a read-only data folder): it never signs or writes. */
  get readOnly(): boolean {
    return this.options.readOnly ?? false;
  }

  get size(): number {
    return this.tree.size;
  }

  /**
   * What the notary found wrong with the log or its own files, and no admin has cleared: empty while the log is sound.
   * While any stands, no checkpoint is signed.
   */
  get alarms(): readonly string[] {
    return this.problems.filter((problem) => !this.acknowledged.has(problem));
  }

  get checkpoints(): readonly Checkpoint[] {
    return this.checkpointList;
  }

  latestCheckpoint(): Checkpoint | undefined {
    return this.checkpointList[this.checkpointList.length - 1];
  }

  /** How the tree was obtained at start; undefined before start. */
  get startedFrom(): TreeStart | undefined {
    return this.treeStart;
  }

  /** True while the tree restored from its file is being hashed again and compared with every stored event. */
  get verifyingInBackground(): boolean {
    return this.verifying;
  }

  /** The background verification that follows a start from the tree file (undefined when the whole log was read). */
  async backgroundVerification(): Promise<{ readonly checked: number; readonly found: readonly string[] } | undefined> {
    return this.verification;
  }

  private get treeFilePath(): string {
    return join(this.options.dir, TREE_FILE_NAME);
  }

  async start(): Promise<void> {
    const began = Date.now();
    const restoredFrom = this.options.treeFile ? await this.restore() : { reason: 'the tree file is not enabled' };
    try {
      await this.catchUp();
    } catch (error) {
      // One unreadable row must not stop the service: what comes before it is in the tree, reads are served, following
      // retries (and says so), and the alarm keeps every checkpoint from being signed until someone repairs the row.
      const { location } = this.options.store.describe();
      this.unreadable = `${location}: the event after position ${this.lastPosition} cannot be read (${(error as Error).message}): the row was damaged`;
      this.problems.push(this.unreadable);
    }
    this.treeWriter?.flush();
    this.treeStart = {
      from: typeof restoredFrom === 'number' ? 'tree-file' : 'log',
      restored: typeof restoredFrom === 'number' ? restoredFrom : 0,
      ...(typeof restoredFrom === 'number' ? {} : { reason: restoredFrom.reason }),
      ms: Date.now() - began,
    };
    const file = readCheckpointFile(this.checkpointPath);
    this.problems.push(...file.problems);
    for (const { note, line } of file.notes) this.adopt(note, `${this.checkpointPath} line ${line}`);
    this.follow();
    const every = this.options.everyMs ?? 15 * 60 * 1000;
    this.timer = setInterval(() => {
      if (this.tree.size > Number(this.latestCheckpoint()?.size ?? 0n)) this.signIfSound();
    }, every);
    this.timer.unref();
    if (this.options.auditEveryMs) {
      this.auditTimer = setInterval(() => void this.auditStore().catch(() => undefined), this.options.auditEveryMs);
      this.auditTimer.unref();
    }
    if (typeof restoredFrom === 'number') {
      this.verifying = true;
      this.verification = this.verifyRestoredTree(restoredFrom).finally(() => {
        this.verifying = false;
      });
      // Failures are alarms, recorded inside; the promise is kept for whoever waits on it.
      this.verification.catch(() => undefined);
      if (restoredFrom <= (this.options.verifyAtStartUpTo ?? 50_000)) await this.verification.catch(() => undefined);
    }
  }

  /**
   * Takes the tree from its file up to the largest signed checkpoint it reaches, if the root there is the signed root and
   * the store still holds, at the position recorded for that last leaf, the event hashed there. Returns how many leaves
   * it took, or why it took none: then the tree is rebuilt from the whole log (and the file written anew), as without it,
   * so whatever is wrong with the log is found by the checkpoints as before, and nothing is blamed on the file.
   */
  private async restore(): Promise<number | { reason: string }> {
    const path = this.treeFilePath;
    const rebuild = (reason: string): { reason: string } => {
      this.tree = new MerkleTree();
      this.lastPosition = 0n;
      this.restoredIds = undefined;
      if (!this.options.readOnly) this.treeWriter = TreeFileWriter.create(path, this.options.origin);
      return { reason };
    };
    const stored = readTreeFile(path, this.options.origin);
    if (typeof stored === 'string') return rebuild(stored);
    let checkpoint: Checkpoint | undefined;
    const notes = readCheckpointFile(this.checkpointPath).notes;
    for (let i = notes.length - 1; i >= 0 && !checkpoint; i--) {
      try {
        const opened = openCheckpoint(notes[i].note, this.keys);
        if (opened.size > 0n && opened.size <= BigInt(stored.count)) checkpoint = opened;
      } catch {
        // adopt() raises the alarm for a bad note; here it only cannot vouch for the file.
      }
    }
    if (!checkpoint) return rebuild(`no signed checkpoint covers the ${stored.count} leaves of ${path}`);
    const size = Number(checkpoint.size);
    restoreTree(stored, size, this.tree);
    if (!this.tree.root(size).equals(checkpoint.rootHash))
      return rebuild(`${path}: its root at ${size} leaves is not the signed root (the file was damaged)`);
    const position = positionAt(stored, size - 1);
    let last: RecordedEvent | undefined;
    for await (const event of this.options.store.readAll({ fromPosition: position, maxCount: 1 })) last = event;
    if (last?.position !== position || !leafHash(leafInput(BigInt(size), last.canonical)).equals(this.tree.leaf(size - 1)))
      return rebuild(`the store does not hold, at position ${position}, the event the tree file's leaf ${size} was hashed from`);
    this.restoredIds = storedEventIds(stored, size);
    this.lastPosition = position;
    await this.readAcknowledgements();
    if (!this.options.readOnly) this.treeWriter = TreeFileWriter.resume(path, stored, size);
    return size;
  }

  /** Clearings recorded before the restored leaves: ingest() sees only the events after them. */
  private async readAcknowledgements(): Promise<void> {
    try {
      for await (const event of this.options.store.readStream(NOTARY_STREAM_ID))
        if (event.type === ALARMS_CLEARED && Array.isArray(event.data.alarms))
          for (const alarm of event.data.alarms) if (typeof alarm === 'string') this.acknowledged.add(alarm);
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
  }

  /**
   * What a full rebuild would have checked at start, done after it: every kept parent hashed again (in slices, so requests
   * are still served), then every stored event compared with its leaf (auditStore). A damaged file is an alarm and is
   * deleted, so the next start rebuilds the tree from the log.
   */
  private async verifyRestoredTree(restored: number): Promise<{ readonly checked: number; readonly found: readonly string[] }> {
    for (let from = 0; from < restored && !this.stopped; from += 16_384) {
      const bad = this.tree.findInconsistentNode(from, Math.min(from + 16_384, restored));
      if (bad) {
        const problem = `${this.treeFilePath}: the kept hash at level ${bad.level}, index ${bad.index} is not the hash of its children: the tree file was damaged, so proofs may be wrong until a restart rebuilds the tree from the log`;
        if (!this.problems.includes(problem)) this.problems.push(problem);
        this.treeWriter?.close();
        this.treeWriter = undefined;
        if (!this.options.readOnly) rmSync(this.treeFilePath, { force: true });
        return { checked: 0, found: [problem] };
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return this.auditStore();
  }

  /** Takes a stored checkpoint into the list if it is signed by this key and matches the tree; else raises an alarm. */
  private adopt(note: string, where: string): Checkpoint | undefined {
    try {
      const checkpoint = openCheckpoint(note, this.keys);
      this.checkAgainstTree(checkpoint);
      const latest = this.latestCheckpoint();
      if (latest && checkpoint.size < latest.size)
        throw new Error(`it covers ${checkpoint.size} events, fewer than the checkpoint before it (${latest.size})`);
      this.checkpointList.push(checkpoint);
      return checkpoint;
    } catch (error) {
      this.problems.push(`${where}: a stored checkpoint is not valid: ${(error as Error).message}`);
      return undefined;
    }
  }

  /**
   * Follows the log; when reading it fails (an I/O error, the store restarting) it tries again, waiting 1 s, then 2, up
   * to 30, and says so (`following_`) meanwhile: one error must not freeze the tree while writes go on.
   */
  private follow(): void {
    this.following = (async () => {
      let wait = 1000;
      while (!this.stopped) {
        try {
          await this.catchUp();
          this.subscription = this.options.store.subscribeToAll({ fromPosition: this.lastPosition });
          // stop() may have come while the catch-up ran, before there was a subscription for it to stop.
          if (this.stopped) {
            await this.subscription.stop();
            return;
          }
          for await (const event of this.subscription) {
            this.ingest(event);
            this.lag = undefined;
            wait = 1000;
            if (this.tree.size - Number(this.latestCheckpoint()?.size ?? 0n) >= (this.options.everyEvents ?? 1000)) this.signIfSound();
          }
          return;
        } catch (error) {
          if (this.stopped) return;
          this.lag = `following the log failed (${(error as Error).message}): trying again in ${wait / 1000} s`;
          await new Promise((resolve) => setTimeout(resolve, wait).unref());
          wait = Math.min(wait * 2, 30_000);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.auditTimer) clearInterval(this.auditTimer);
    await this.subscription?.stop();
    await this.following;
    await this.witnessing;
    await this.leasing;
    await this.verification?.catch(() => undefined);
    this.treeWriter?.close();
    this.treeWriter = undefined;
  }

  /**
   * Re-reads every stored event and compares its bytes with the leaf the tree holds for it, so an edited or removed row
   * raises an alarm naming its position without waiting for a restart.
   */
  async auditStore(): Promise<{ readonly checked: number; readonly found: readonly string[] }> {
    const found: string[] = [];
    let index = 0;
    for await (const event of this.options.store.readAll({ maxCount: this.tree.size })) {
      if (index >= this.tree.size) break;
      if (!leafHash(leafInput(BigInt(index + 1), event.canonical)).equals(this.tree.leaf(index)))
        found.push(`the event at position ${event.position} (${event.eventId}) no longer has the bytes the notary hashed: it was altered`);
      else if (
        this.restoredIds &&
        index * 16 < this.restoredIds.length &&
        !eventIdBytes(event.eventId)?.equals(this.restoredIds.subarray(index * 16, index * 16 + 16))
      )
        found.push(
          `${this.treeFilePath}: leaf ${index + 1} names another event than ${event.eventId}, which it hashes: the tree file was damaged`,
        );
      index++;
      // Yield now and then: a store that reads synchronously (SQLite) would otherwise hold every request for the whole pass.
      if (index % 8192 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    if (index < this.tree.size)
      found.push(`the store holds ${index} events where the notary hashed ${this.tree.size}: events were removed`);
    for (const problem of found) if (!this.problems.includes(problem)) this.problems.push(problem);
    return { checked: index, found };
  }

  /** Reads whatever the log holds beyond what the tree has seen. */
  async catchUp(): Promise<void> {
    for await (const event of this.options.store.readAll({ fromPosition: this.lastPosition + 1n })) this.ingest(event);
    this.treeWriter?.flush();
  }

  /** Signs a checkpoint of everything recorded so far (or returns the latest, if nothing was recorded since). */
  async checkpoint(): Promise<Checkpoint> {
    // Never over unverified damage: after a start from the tree file, wait until every stored event was checked again.
    await this.verification?.catch(() => undefined);
    // While an alarm stands signNow refuses, quoting it; reading on first could only fail again on the same damage.
    if (this.alarms.length === 0) await this.catchUp();
    if (this.options.lease && !this.options.readOnly && !(await this.options.lease.acquire())) {
      const held = await this.options.lease.current();
      throw new NotaryError(
        'NOT_SIGNER',
        `another instance (${held?.state.holder ?? 'unknown'}) holds the signing lease until ${held?.state.until ?? 'unknown'}: ask it, or wait for the lease to run out`,
      );
    }
    return this.signNow();
  }

  private signIfSound(): void {
    // The scheduled signatures wait while an alarm stands; signNow says why to whoever asks on demand.
    // Nor while the tree taken from its file is still being checked: damage it has not reached yet would be signed over.
    if (this.alarms.length > 0 || this.options.readOnly || this.verifying) return;
    if (this.options.lease) {
      // Asynchronous (the lease is on the log): whoever does not hold it lets the holder sign.
      const lease = this.options.lease;
      this.leasing ??= lease
        .acquire()
        .then((held) => {
          if (held) this.signIfSoundNow();
        })
        .catch((error: unknown) => {
          this.signingTrouble = `taking the signing lease failed (${(error as Error).message}): trying again at the next checkpoint`;
        })
        .finally(() => {
          this.leasing = undefined;
        });
      return;
    }
    this.signIfSoundNow();
  }

  private leasing?: Promise<void>;

  private signIfSoundNow(): void {
    if (this.alarms.length > 0) return;
    try {
      this.signNow();
      this.signingTrouble = undefined;
    } catch (error) {
      // A full disk or a read-only folder must not end the process from a timer: say so, and try at the next turn.
      this.signingTrouble = `signing a checkpoint failed (${(error as Error).message}): trying again at the next one`;
    }
  }

  /** Why the last scheduled signature failed (a full disk, a read-only folder); undefined once one succeeds. */
  get signing(): string | undefined {
    return this.signingTrouble;
  }

  private signingTrouble?: string;

  /**
   * Never over damage: refused while an alarm stands. Written under the checkpoint file's lock, after reading what other
   * processes on the same store wrote meanwhile, so checkpoints only ever grow in the file.
   */
  private signNow(): Checkpoint {
    if (this.options.readOnly)
      throw new NotaryError(
        'READ_ONLY',
        `this notary is read-only (${this.options.dir} is served read-only): it checks, and signs nothing`,
      );
    const standing = this.alarms;
    if (standing.length > 0)
      throw new NotaryError('ALARMS_STANDING', `no checkpoint is signed while an alarm stands (${standing.length}): ${standing[0]}`);
    return withCheckpointLock(this.checkpointPath, () => {
      const file = readCheckpointFile(this.checkpointPath);
      for (const { note, line } of file.notes.filter((entry) => !this.checkpointList.some((known) => known.note === entry.note)))
        this.adopt(note, `${this.checkpointPath} line ${line}`);
      const latest = this.latestCheckpoint();
      if (latest && Number(latest.size) >= this.tree.size) return latest;
      // On disk before it is signed: the next start restores the file only up to a checkpoint it fully holds.
      this.treeWriter?.flush();
      const checkpoint = signCheckpoint(this.keys, BigInt(this.tree.size), this.tree.root(), this.options.clock.now().toISOString());
      appendCheckpointNote(this.checkpointPath, checkpoint.note);
      this.checkpointList.push(checkpoint);
      this.witness(checkpoint);
      return checkpoint;
    });
  }

  private ingest(event: RecordedEvent): void {
    if (event.position <= this.lastPosition) return; // already in the tree (catch-up and subscription overlap)
    const sequence = BigInt(this.tree.size + 1);
    const leaf = leafHash(leafInput(sequence, event.canonical));
    const parents = this.tree.append(leaf);
    this.indexOf.set(event.eventId, this.tree.size - 1);
    if (this.treeWriter) {
      const id = eventIdBytes(event.eventId);
      if (id) this.treeWriter.add(event.position, id, leaf, parents);
      else {
        // Only UUIDs fit the file; the store makes every eventId one, so this is a store we do not know: stop keeping it.
        this.treeWriter.close();
        this.treeWriter = undefined;
        rmSync(this.treeFilePath, { force: true });
      }
    }
    this.lastPosition = event.position;
    // An admin's clearing of alarms is on the log itself, so it holds across restarts and is part of what is notarised.
    if (event.streamId === NOTARY_STREAM_ID && event.type === ALARMS_CLEARED && Array.isArray(event.data.alarms))
      for (const alarm of event.data.alarms) if (typeof alarm === 'string') this.acknowledged.add(alarm);
  }

  private checkAgainstTree(checkpoint: Checkpoint): void {
    const size = Number(checkpoint.size);
    if (size > this.tree.size) {
      throw new Error(
        this.unreadable
          ? `it covers ${size} events and cannot be checked: the log cannot be read past position ${this.lastPosition}`
          : `it covers ${size} events but the log holds ${this.tree.size}: events were removed`,
      );
    }
    if (!this.tree.root(size).equals(checkpoint.rootHash)) {
      // Checkpoints are taken in order, so the latest one kept still matched: the damage lies after it.
      const before = Number(this.latestCheckpoint()?.size ?? 0n);
      throw new Error(
        `the log's first ${size} events no longer have the root it signed: an event at positions ${before + 1}..${size} (between the checkpoints of sizes ${before} and ${size}, the narrowest window the checkpoints allow) was altered, removed or reordered; auditStore names it when the tree was kept`,
      );
    }
  }

  /**
   * The map for restored leaves is built on the first proof asked for, not at start: a million entries take about half
   * a second, which the start does not need to spend.
   */
  private leafIndexOf(eventId: string): number | undefined {
    const known = this.indexOf.get(eventId);
    if (known !== undefined || !this.restoredIds) return known;
    const ids = this.restoredIds;
    this.restoredIds = undefined;
    for (let index = 0; index * 16 < ids.length; index++) this.indexOf.set(eventIdString(ids, index * 16), index);
    return this.indexOf.get(eventId);
  }

  inclusionProof(eventId: string, treeSize = this.tree.size): InclusionProof {
    const leafIndex = this.leafIndexOf(eventId);
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
