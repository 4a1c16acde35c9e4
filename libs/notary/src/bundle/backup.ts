import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupSqliteStore } from '@plan-ledger/event-store';
import { readCheckpointFile } from '../log/checkpoint-file';
import { BACKUP_NOTARY_FILES, checkBackup, type CheckedBackup } from './restore';

export interface BackupSummary extends CheckedBackup {
  readonly lastPosition: number;
  readonly bytes: number;
  /** Checkpoint lines of the live file left out because they were cut short or unreadable. */
  readonly setAside: readonly string[];
}

/** A file's complete lines only: the service may be half-way through appending one. */
function completeLines(content: Buffer): Buffer {
  const end = content.lastIndexOf(0x0a);
  return content.subarray(0, end + 1);
}

/**
 * Copies the live store and the notary's checkpoints, cosignatures and public key (never its private key) into one
 * file, then checks the copy as a restore would. The notary files are read before the events are copied: the log only
 * grows, so every checkpoint read then covers no more than the copy holds.
 */
export function backupLedger(storePath: string, notaryDir: string, out: string): BackupSummary {
  const attachments = new Map<string, Buffer>();
  const setAside: string[] = [];
  for (const name of BACKUP_NOTARY_FILES) {
    const path = join(notaryDir, name);
    if (!existsSync(path)) continue;
    if (name === 'checkpoints.ndjson') {
      const file = readCheckpointFile(path);
      setAside.push(...file.problems);
      attachments.set(name, Buffer.from(file.notes.map(({ note }) => `${JSON.stringify({ note })}\n`).join('')));
    } else {
      attachments.set(name, name === 'notary.pub' ? readFileSync(path) : completeLines(readFileSync(path)));
    }
  }
  if (!attachments.has('notary.pub'))
    throw new Error(`${join(notaryDir, 'notary.pub')} is missing: start the service once, or point LEDGER_DATA_DIR at its data`);
  const copied = backupSqliteStore(storePath, out, attachments);
  return { ...checkBackup(out), lastPosition: copied.lastPosition, bytes: copied.bytes, setAside };
}
