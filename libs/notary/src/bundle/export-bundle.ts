import { mkdirSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import type { EventStore } from '@plan-ledger/event-store';
import type { Notary } from '../notary';
import { readCheckpointNotes } from '../log/checkpoint-file';
import { leafInput } from '../log/leaf-input';
import { bundleFiles } from './bundle-files';

export interface ExportSummary {
  readonly events: number;
  readonly checkpoints: number;
  readonly rootHash: string;
}

/**
 * The checkpoint file's notes up to the one sealing the export. The service may sign another while the events are
 * written; that one covers events the bundle does not hold, and would make it fail verification as truncated.
 */
function sealedNotes(notes: readonly string[], sealed: string): string[] {
  const end = notes.indexOf(sealed);
  return end < 0 ? [...notes, sealed] : notes.slice(0, end + 1);
}

/**
 * Writes the log exactly as stored, every checkpoint, and the public key. The notary first signs a checkpoint
 * of the whole log, so every exported event is covered by a signature.
 */
export async function exportBundle(
  store: EventStore,
  notary: Notary,
  notaryDir: string,
  outDir: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ExportSummary> {
  // While an alarm stands nothing is signed, but the evidence can still be taken away: every event, with the
  // checkpoints as they are, for `ledger verify` to name where the log and its signatures part.
  const damaged = notary.alarms.length > 0;
  const sealed = damaged ? undefined : await notary.checkpoint();
  const total = sealed ? Number(sealed.size) : Number.MAX_SAFE_INTEGER;
  const files = bundleFiles(outDir);
  mkdirSync(outDir, { recursive: true });
  const fd = openSync(files.events, 'w');
  let written = 0;
  try {
    const chunk: Buffer[] = [];
    for await (const event of store.readAll(damaged ? {} : { maxCount: total })) {
      written++;
      chunk.push(leafInput(BigInt(written), event.canonical), Buffer.from('\n'));
      if (chunk.length >= 2048) {
        writeSync(fd, Buffer.concat(chunk.splice(0)));
        onProgress(written, total);
      }
    }
    writeSync(fd, Buffer.concat(chunk));
    onProgress(written, total);
  } finally {
    closeSync(fd);
  }
  const stored = readCheckpointNotes(bundleFiles(notaryDir).checkpoints);
  const notes = sealed ? sealedNotes(stored, sealed.note) : stored;
  // Each note with the cosignatures its witnesses gave it, which `ledger verify --witness` checks.
  writeFileSync(files.checkpoints, notes.map((note) => `${JSON.stringify({ note: notary.cosignedNoteOf(note) })}\n`).join(''));
  writeFileSync(files.publicKey, `${notary.publicKey}\n`);
  // The count is of the notes written, the ones `ledger verify` will count: the notary's own list may hold only what
  // this process signed or read (a notary that was not started knows none of the checkpoints signed before).
  return { events: written, checkpoints: notes.length, rootHash: sealed?.rootHash.toString('base64') ?? '' };
}
