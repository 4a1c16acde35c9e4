import { copyFileSync, existsSync, mkdirSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import type { EventStore } from '@plan-ledger/event-store';
import type { Notary } from '../notary';
import { leafInput } from '../log/leaf-input';
import { bundleFiles } from './bundle-files';

export interface ExportSummary {
  readonly events: number;
  readonly checkpoints: number;
  readonly rootHash: string;
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
  const sealed = await notary.checkpoint();
  const total = Number(sealed.size);
  const files = bundleFiles(outDir);
  mkdirSync(outDir, { recursive: true });
  const fd = openSync(files.events, 'w');
  let written = 0;
  try {
    const chunk: Buffer[] = [];
    for await (const event of store.readAll({ maxCount: total })) {
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
  const source = bundleFiles(notaryDir).checkpoints;
  if (existsSync(source)) copyFileSync(source, files.checkpoints);
  writeFileSync(files.publicKey, `${notary.publicKey}\n`);
  return { events: written, checkpoints: notary.checkpoints.length, rootHash: sealed.rootHash.toString('base64') };
}
