import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { bundleFiles, leafHash, verifyInclusion } from '@plan-ledger/notary';
import { readVerifiedEvents } from '../bundle-events';
import { verifyBundle } from '@plan-ledger/notary';

export function proveCommand(program: Command): void {
  program
    .command('prove')
    .description('print an inclusion proof for one event that a third party can check against a signed checkpoint')
    .argument('<bundle>', 'the bundle folder')
    .requiredOption('--event <eventId>', 'the event')
    .option('--tree-size <n>', 'the checkpoint size to prove against (default: the latest checkpoint)')
    .action((bundle: string, options: { event: string; treeSize?: string }) => {
      const events = readVerifiedEvents(bundle);
      const report = verifyBundle(bundle);
      const tree = report.tree!;
      const index = events.findIndex((e) => e.eventId === options.event);
      if (index < 0) throw new Error(`event ${options.event} is not in the bundle`);
      const size = options.treeSize ? Number(options.treeSize) : Number(report.latestCheckpoint?.size ?? tree.size);
      if (!Number.isInteger(size) || size <= index || size > tree.size) throw new Error(`--tree-size must be from ${index + 1} to ${tree.size}`);
      const line = readFileSync(bundleFiles(bundle).events, 'utf8').split('\n')[index];
      const proof = tree.inclusionProof(index, size);
      verifyInclusion(leafHash(Buffer.from(line)), index, size, proof, tree.root(size));
      const checkpoint = (report.latestCheckpoint && Number(report.latestCheckpoint.size) === size ? report.latestCheckpoint : undefined)?.note;
      process.stdout.write(
        `${JSON.stringify(
          {
            eventId: options.event,
            leafIndex: index,
            treeSize: size,
            leafInput: line,
            leafHash: leafHash(Buffer.from(line)).toString('base64'),
            rootHash: tree.root(size).toString('base64'),
            proof: proof.map((h) => h.toString('base64')),
            checkpoint: checkpoint ?? null,
            howToCheck: 'leaf = SHA-256(0x00 || leafInput); fold the proof per RFC 9162 section 2.1.3.2; compare with the root in the signed checkpoint',
          },
          null,
          2,
        )}\n`,
      );
    });
}
