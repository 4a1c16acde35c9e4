import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SQLITE_FILE_NAME, SqliteBackupFile, SqliteEventStore } from '@plan-ledger/event-store';
import { openCheckpoint, type Checkpoint } from '../checkpoint/checkpoint';
import { parseVerifierKey, type NotaryKeys } from '../checkpoint/notary-keys';
import { readCheckpointNotes } from '../log/checkpoint-file';
import { leafInput } from '../log/leaf-input';
import { leafHash } from '../merkle/hashes';
import { MerkleTree } from '../merkle/merkle-tree';
import { splitNote } from '../witness/cosignature';
import { bundleFiles } from './bundle-files';
import { fileLines, splitLeafInput } from './bundle-lines';
import { verifyBundle } from './verify-bundle';

/** The notary's files a backup carries beside the events: never the private key, which stays wherever it is kept. */
export const BACKUP_NOTARY_FILES = ['checkpoints.ndjson', 'cosignatures.ndjson', 'notary.pub'] as const;

/** Why a backup or bundle was not restored, by a stable name (the bundle's are `ledger verify`'s). */
export class RestoreRefused extends Error {
  constructor(
    readonly check: string,
    message: string,
    readonly position?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface LogCheck {
  readonly events: number;
  readonly checkpoints: number;
  readonly rootHash: string;
  readonly latestCheckpoint?: Checkpoint;
  /** Events after the latest checkpoint: a backup taken while the service writes has some, signed at its next checkpoint. */
  readonly uncovered: number;
}

/**
 * Rebuilds the tree from stored events (gapless positions from 1) and checks every checkpoint against it: signed by
 * the key, in order, covering no more than the log holds, with the root the events give. What `ledger verify` checks
 * of a bundle, here of a database; events after the latest checkpoint are counted, not refused.
 * @throws RestoreRefused naming the first failure
 */
export function checkLog(
  events: Iterable<{ readonly position: number; readonly canonical: Buffer }>,
  notes: readonly string[],
  key: NotaryKeys,
): LogCheck {
  const tree = new MerkleTree();
  for (const { position, canonical } of events) {
    if (position !== tree.size + 1)
      throw new RestoreRefused('POSITION_GAP', `expected position ${tree.size + 1} but found ${position}`, tree.size + 1);
    tree.append(leafHash(leafInput(BigInt(position), canonical)));
  }
  let previous: Checkpoint | undefined;
  notes.forEach((note, index) => {
    let checkpoint: Checkpoint;
    try {
      checkpoint = openCheckpoint(note, key);
    } catch (error) {
      throw new RestoreRefused('CHECKPOINT_SIGNATURE', `checkpoint ${index + 1}: ${(error as Error).message}`, undefined, { cause: error });
    }
    const size = Number(checkpoint.size);
    if (previous && (size < Number(previous.size) || checkpoint.time < previous.time))
      throw new RestoreRefused('CHECKPOINT_ORDER', `checkpoint ${index + 1} (size ${size}) comes after a larger or later one`);
    if (size > tree.size)
      throw new RestoreRefused(
        'LOG_TRUNCATED',
        `checkpoint ${index + 1} covers ${size} events but the log holds ${tree.size}: events after position ${tree.size} are missing`,
        tree.size + 1,
      );
    if (!tree.root(size).equals(checkpoint.rootHash))
      throw new RestoreRefused(
        'CHECKPOINT_ROOT',
        `the events up to position ${size} do not have the root checkpoint ${index + 1} signed: something was altered, removed or reordered`,
      );
    previous = checkpoint;
  });
  return {
    events: tree.size,
    checkpoints: notes.length,
    rootHash: tree.root().toString('base64'),
    latestCheckpoint: previous,
    uncovered: tree.size - Number(previous?.size ?? 0),
  };
}

function keyOf(text: string, where: string): NotaryKeys {
  try {
    return parseVerifierKey(text);
  } catch (error) {
    throw new RestoreRefused('KEY_INVALID', `${where} is not a valid verifier key: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
}

function pinned(keyText: string, pinnedKey: string | undefined): void {
  if (pinnedKey !== undefined && pinnedKey.trim() !== keyText.trim())
    throw new RestoreRefused('KEY_INVALID', 'notary.pub is not the key you pinned: the source was re-signed by someone else');
}

/** Notes in a backup's copy of the checkpoint file. */
function notesOf(content: Buffer | undefined): string[] {
  if (!content) return [];
  const path = join('(backup)', 'checkpoints.ndjson');
  try {
    return content
      .toString('utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line, index) => {
        const parsed = JSON.parse(line) as { note?: unknown };
        if (typeof parsed.note !== 'string' || JSON.stringify({ note: parsed.note }) !== line)
          throw new Error(`line ${index + 1} is not {"note": "..."} as written`);
        return parsed.note;
      });
  } catch (error) {
    throw new RestoreRefused('CHECKPOINT_UNREADABLE', `${path}: ${(error as Error).message}`, undefined, { cause: error });
  }
}

export interface CheckedBackup extends LogCheck {
  readonly file: string;
  /** The notary files it carries, by name, to be restored beside the events. */
  readonly notaryFiles: ReadonlyMap<string, Buffer>;
}

/**
 * Checks a `ledger backup` file without changing it: SQLite's integrity check, then the tree rebuilt from its events
 * against every checkpoint copied with it.
 * @throws RestoreRefused naming the first failure
 */
export function checkBackup(file: string, options: { pinnedKey?: string } = {}): CheckedBackup {
  let backup: SqliteBackupFile;
  try {
    backup = new SqliteBackupFile(file);
  } catch (error) {
    throw new RestoreRefused('BACKUP_UNREADABLE', (error as Error).message, undefined, { cause: error });
  }
  try {
    const integrity = backup.integrityCheck();
    if (integrity.length !== 1 || integrity[0] !== 'ok')
      throw new RestoreRefused('BACKUP_INTEGRITY', `SQLite's integrity check of ${file} failed: ${integrity.join('; ')}`);
    const notaryFiles = backup.attachments();
    const publicKey = notaryFiles.get('notary.pub');
    if (!publicKey) throw new RestoreRefused('BACKUP_INCOMPLETE', `${file} carries no notary.pub: it is not a ledger backup`);
    const keyText = publicKey.toString('utf8');
    pinned(keyText, options.pinnedKey);
    let checked: LogCheck;
    try {
      checked = checkLog(backup.events(), notesOf(notaryFiles.get('checkpoints.ndjson')), keyOf(keyText, 'notary.pub'));
    } catch (error) {
      if (error instanceof RestoreRefused) throw error;
      throw new RestoreRefused('BACKUP_UNREADABLE', `${file}: ${(error as Error).message}`, undefined, { cause: error });
    }
    return { ...checked, file, notaryFiles };
  } finally {
    backup.close();
  }
}

export interface RestoreSummary extends LogCheck {
  readonly kind: 'bundle' | 'backup';
  readonly storePath: string;
  readonly notaryDir: string;
}

/**
 * Lines of a verified bundle as the stored envelopes, re-hashed as they are read: if the file changed since it was
 * verified, the last step throws and the restore's transaction rolls back.
 */
function* verifiedEnvelopes(eventsFile: string, verifiedRoot: string): Generator<Buffer> {
  const tree = new MerkleTree();
  for (const line of fileLines(eventsFile)) {
    const leaf = splitLeafInput(line);
    if (!leaf || leaf.position !== tree.size + 1)
      throw new RestoreRefused('POSITION_GAP', `${eventsFile} changed after it was verified (position ${tree.size + 1})`, tree.size + 1);
    tree.append(leafHash(line));
    yield leaf.event;
  }
  if (tree.root().toString('base64') !== verifiedRoot)
    throw new RestoreRefused('CHECKPOINT_ROOT', `${eventsFile} changed after it was verified: its root is no longer the one checked`);
}

function* checkedBackupEnvelopes(file: string, checkedRoot: string): Generator<Buffer> {
  const backup = new SqliteBackupFile(file);
  try {
    const tree = new MerkleTree();
    for (const { position, canonical } of backup.events()) {
      tree.append(leafHash(leafInput(BigInt(position), canonical)));
      yield canonical;
    }
    if (tree.root().toString('base64') !== checkedRoot)
      throw new RestoreRefused('CHECKPOINT_ROOT', `${file} changed after it was checked: its root is no longer the one checked`);
  } finally {
    backup.close();
  }
}

/**
 * A bundle's checkpoint notes as the notary's own files hold them: the note with the notary's signature alone in
 * checkpoints.ndjson, and witnesses' cosignatures apart in cosignatures.ndjson, where the notary reads them at start.
 */
function bundleNotaryFiles(dir: string, origin: string): Map<string, Buffer> {
  const files = bundleFiles(dir);
  const own: string[] = [];
  const cosigned: string[] = [];
  for (const note of readCheckpointNotes(files.checkpoints)) {
    const { text, signatures } = splitNote(note);
    const mine = signatures.filter((line) => line.startsWith(`\u2014 ${origin} `));
    const theirs = signatures.filter((line) => !line.startsWith(`\u2014 ${origin} `));
    const plain = `${text}\n${mine.map((line) => `${line}\n`).join('')}`;
    own.push(`${JSON.stringify({ note: plain })}\n`);
    if (theirs.length > 0) cosigned.push(`${JSON.stringify({ note: JSON.stringify({ note: plain, lines: theirs }) })}\n`);
  }
  const result = new Map<string, Buffer>([
    ['checkpoints.ndjson', Buffer.from(own.join(''))],
    ['notary.pub', Buffer.from(`${readFileSync(files.publicKey, 'utf8').trim()}\n`)],
  ]);
  if (cosigned.length > 0) result.set('cosignatures.ndjson', Buffer.from(cosigned.join('')));
  return result;
}

/**
 * Restores a verified bundle (a folder) or a checked backup (a file) into an empty data folder: the events verbatim,
 * at their positions, then the checkpoints and public key into its notary folder; never a private key. The restored
 * store is read back and checked against every checkpoint, so it ends with the source's root.
 * @throws RestoreRefused when the source does not check (nothing is left in the data folder then); Error for a missing
 *   source or a data folder that is not empty
 */
export async function restoreLedger(source: string, dataDir: string, options: { pinnedKey?: string } = {}): Promise<RestoreSummary> {
  if (!existsSync(source)) throw new Error(`${source} does not exist`);
  const createdDir = !existsSync(dataDir);
  if (!createdDir && readdirSync(dataDir).length > 0)
    throw new Error(`${dataDir} is not empty: a restore goes into an empty data folder only, nothing was restored`);
  const kind = statSync(source).isDirectory() ? 'bundle' : 'backup';

  let checked: LogCheck;
  let envelopes: Iterable<Buffer>;
  let notaryFiles: ReadonlyMap<string, Buffer>;
  if (kind === 'bundle') {
    const report = verifyBundle(source, { pinnedKey: options.pinnedKey });
    if (!report.ok || !report.rootHash) {
      const failure = report.failure;
      const where = failure?.position !== undefined ? ` at position ${failure.position}` : '';
      throw new RestoreRefused(
        failure?.check ?? 'BUNDLE_INCOMPLETE',
        `the bundle does not verify${where}: ${failure?.message}`,
        failure?.position,
      );
    }
    checked = {
      events: report.events,
      checkpoints: report.checkpoints,
      rootHash: report.rootHash,
      latestCheckpoint: report.latestCheckpoint,
      uncovered: 0,
    };
    envelopes = verifiedEnvelopes(bundleFiles(source).events, report.rootHash);
    notaryFiles = bundleNotaryFiles(
      source,
      report.latestCheckpoint?.origin ?? parseVerifierKey(readFileSync(bundleFiles(source).publicKey, 'utf8')).name,
    );
  } else {
    const backup = checkBackup(source, options);
    checked = backup;
    envelopes = checkedBackupEnvelopes(source, backup.rootHash);
    notaryFiles = backup.notaryFiles;
  }

  const storePath = join(dataDir, SQLITE_FILE_NAME);
  const notaryDir = join(dataDir, 'notary');
  mkdirSync(dataDir, { recursive: true });
  const store = new SqliteEventStore({ path: storePath });
  try {
    store.restoreVerbatim(envelopes);
    // Read back from the new file, not trusted from the source: what the service will serve is what is checked.
    const key = keyOf(notaryFiles.get('notary.pub')!.toString('utf8'), 'notary.pub');
    const restored = new SqliteBackupFile(storePath);
    let again: LogCheck;
    try {
      again = checkLog(restored.events(), notesOf(notaryFiles.get('checkpoints.ndjson')), key);
    } finally {
      restored.close();
    }
    if (again.rootHash !== checked.rootHash || again.events !== checked.events)
      throw new RestoreRefused('CHECKPOINT_ROOT', `the restored store has root ${again.rootHash}, not the source's ${checked.rootHash}`);
    mkdirSync(notaryDir, { recursive: true });
    for (const name of BACKUP_NOTARY_FILES) {
      const content = notaryFiles.get(name);
      if (content) writeFileSync(join(notaryDir, name), content);
    }
    await store.close();
    return { ...again, kind, storePath, notaryDir };
  } catch (error) {
    await store.close();
    // Nothing half-restored is left behind to be mistaken for a store.
    if (createdDir) rmSync(dataDir, { recursive: true, force: true });
    else for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });
    throw error;
  }
}
