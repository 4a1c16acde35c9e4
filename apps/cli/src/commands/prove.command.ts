import type { Command } from 'commander';
import { bundleFiles, forEachLine, leafHash, verifyBundle, verifyInclusion } from '@plan-ledger/notary';
import { BundleRejected } from '../bundle-events';

/** The 0-based index and exact bytes of the line holding an event, found without parsing every other line. */
function findEvent(dir: string, eventId: string): { index: number; line: Buffer } | undefined {
  const needle = Buffer.from(`"eventId":"${eventId}"`);
  let index = -1;
  let hit: { index: number; line: Buffer } | undefined;
  forEachLine(bundleFiles(dir).events, (line) => {
    index++;
    if (hit || !line.includes(needle)) return;
    // The needle could sit inside an event's data; only the envelope's own eventId counts.
    if ((JSON.parse(line.toString('utf8')) as { event: { eventId: string } }).event.eventId === eventId)
      hit = { index, line: Buffer.from(line) };
  });
  return hit;
}

export function proveCommand(program: Command): void {
  program
    .command('prove')
    .description('print an inclusion proof for one event that a third party can check against a signed checkpoint')
    .argument('<bundle>', 'the bundle folder')
    .requiredOption('--event <eventId>', 'the event')
    .option('--tree-size <n>', 'the checkpoint size to prove against (default: the latest checkpoint)')
    .action((bundle: string, options: { event: string; treeSize?: string }) => {
      const report = verifyBundle(bundle);
      if (!report.ok) throw new BundleRejected(report);
      const tree = report.tree!;
      const found = findEvent(bundle, options.event);
      if (!found) throw new Error(`event ${options.event} is not in the bundle`);
      const { index, line } = found;
      const size = options.treeSize ? Number(options.treeSize) : Number(report.latestCheckpoint?.size ?? tree.size);
      if (!Number.isInteger(size) || size <= index || size > tree.size)
        throw new Error(`--tree-size must be from ${index + 1} to ${tree.size}`);
      const proof = tree.inclusionProof(index, size);
      verifyInclusion(leafHash(line), index, size, proof, tree.root(size));
      const checkpoint = (report.latestCheckpoint && Number(report.latestCheckpoint.size) === size ? report.latestCheckpoint : undefined)
        ?.note;
      process.stdout.write(
        `${JSON.stringify(
          {
            eventId: options.event,
            leafIndex: index,
            treeSize: size,
            leafInput: line.toString('utf8'),
            leafHash: leafHash(line).toString('base64'),
            rootHash: tree.root(size).toString('base64'),
            proof: proof.map((h) => h.toString('base64')),
            checkpoint: checkpoint ?? null,
            howToCheck:
              'leaf = SHA-256(0x00 || leafInput); fold the proof per RFC 9162 section 2.1.3.2; compare with the root in the signed checkpoint',
          },
          null,
          2,
        )}\n`,
      );
    });
}
