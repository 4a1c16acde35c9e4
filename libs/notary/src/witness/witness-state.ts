import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** What a witness remembers of one log: the latest checkpoint it cosigned. Nothing else is needed to refuse a fork. */
export interface CosignedLogState {
  readonly size: bigint;
  readonly rootHash: Buffer;
  /** The checkpoint as cosigned: the log's signature and the witness's, served to monitors. */
  readonly note: string;
  /** The log verifier key the checkpoint was checked with. */
  readonly logKey: string;
  /** The cosignature's time, POSIX seconds: later cosignatures never go back before it. */
  readonly timestamp: bigint;
}

interface StoredLog {
  size: string;
  root: string;
  note: string;
  logKey: string;
  timestamp: string;
}

interface StoredState {
  version: 1;
  logs: Record<string, StoredLog>;
}

/**
 * The witness's record of every log it witnesses, in one JSON file in its own data folder, replaced atomically (a
 * temporary file, fsync, rename, fsync of the folder): a crash leaves the old record or the new one, never half of
 * each, and never a witness that forgot what it cosigned (which would let it cosign a fork).
 */
export class WitnessState {
  private readonly path: string;
  private readonly evidencePath: string;
  private readonly logs = new Map<string, CosignedLogState>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'state.json');
    this.evidencePath = join(dir, 'refused.ndjson');
    if (!existsSync(this.path)) return;
    let stored: StoredState;
    try {
      stored = JSON.parse(readFileSync(this.path, 'utf8')) as StoredState;
    } catch (error) {
      throw new Error(
        `${this.path} cannot be read (${(error as Error).message}): refusing to start a witness that forgot what it cosigned`,
        { cause: error },
      );
    }
    if (stored?.version !== 1 || typeof stored.logs !== 'object' || stored.logs === null) {
      throw new Error(`${this.path} is not a witness state file (version 1)`);
    }
    for (const [origin, log] of Object.entries(stored.logs)) {
      if (!/^(0|[1-9]\d*)$/.test(log.size) || !/^(0|[1-9]\d*)$/.test(log.timestamp) || typeof log.note !== 'string') {
        throw new Error(`${this.path}: the record for ${origin} is damaged`);
      }
      const rootHash = Buffer.from(log.root, 'base64');
      if (rootHash.length !== 32) throw new Error(`${this.path}: the root recorded for ${origin} is not 32 bytes`);
      this.logs.set(origin, { size: BigInt(log.size), rootHash, note: log.note, logKey: log.logKey, timestamp: BigInt(log.timestamp) });
    }
  }

  get(origin: string): CosignedLogState | undefined {
    return this.logs.get(origin);
  }

  origins(): string[] {
    return [...this.logs.keys()];
  }

  /** Records a newly cosigned checkpoint; returns only once it is on disk, since the cosignature must not outlive it. */
  set(origin: string, state: CosignedLogState): void {
    const next = new Map(this.logs).set(origin, state);
    const stored: StoredState = { version: 1, logs: {} };
    for (const [name, log] of next) {
      stored.logs[name] = {
        size: log.size.toString(),
        root: log.rootHash.toString('base64'),
        note: log.note,
        logKey: log.logKey,
        timestamp: log.timestamp.toString(),
      };
    }
    const temporary = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(stored, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.path);
    syncFolder(this.dir);
    this.logs.set(origin, state);
  }

  /** Keeps a validly signed checkpoint the witness refused: with the log's own signature on it, it is evidence. */
  recordRefusal(entry: { origin: string; reason: string; oldSize: bigint; proof: readonly Buffer[]; note: string; at: Date }): void {
    const line = JSON.stringify({
      at: entry.at.toISOString(),
      origin: entry.origin,
      reason: entry.reason,
      old: entry.oldSize.toString(),
      proof: entry.proof.map((hash) => hash.toString('base64')),
      note: entry.note,
    });
    appendFileSync(this.evidencePath, `${line}\n`, { mode: 0o600 });
  }
}

function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Holds the witness folder for one process: the check of `old` and the update of the state are atomic only within a
 * process, so a second witness on the same folder could cosign both sides of a fork. A lock left by a process that is
 * gone is taken over.
 */
export function lockWitnessDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'witness.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lock);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new Error(`another witness (process ${pid}) is serving ${dir}`, { cause: error });
      }
      unlinkSync(lock);
    }
  }
  throw new Error(`cannot lock ${lock}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
