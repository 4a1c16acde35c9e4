import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { verifyBundle, verifyMinutedCheckpoint } from '@plan-ledger/notary';
import { progress } from '../progress';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function wholeNumber(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`--quorum must be a whole number from 1, not ${JSON.stringify(value)}`);
  return Number(value);
}

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description('check a bundle with no database and no network: every event, signature, root and checkpoint')
    .argument('<bundle>', 'the bundle folder')
    .option('--checkpoint <file>', 'also check that the log still extends a checkpoint minuted earlier (its signed note)')
    .option('--key <file>', 'the verifier key you were given (e.g. from the minutes): refuse a bundle signed by any other')
    .option(
      '--witness <verifier key>',
      "a witness's verifier key (repeatable): every checkpoint must carry its cosignature, so the log's operator alone cannot have rewritten it",
      collect,
      [],
    )
    .option('--quorum <n>', 'how many of the --witness keys must cosign each checkpoint (default: all)', wholeNumber)
    .action((bundle: string, options: { checkpoint?: string; key?: string; witness: string[]; quorum?: number }) => {
      const bar = progress('verify');
      const pinnedKey = options.key ? readFileSync(options.key, 'utf8') : undefined;
      const witnesses =
        options.witness.length > 0 || options.quorum !== undefined ? { witnesses: options.witness, quorum: options.quorum } : undefined;
      const report = options.checkpoint
        ? verifyMinutedCheckpoint(bundle, readFileSync(options.checkpoint, 'utf8'), { witnesses })
        : verifyBundle(bundle, { pinnedKey, witnesses, onProgress: (done, total) => bar.update(done, total) });
      bar.stop();
      if (!report.ok) {
        const where = report.failure?.position !== undefined ? ` at position ${report.failure.position}` : '';
        process.stdout.write(`FAILED ${report.failure?.check}${where}: ${report.failure?.message}\n`);
        process.exitCode = 1;
        return;
      }
      const latest = report.latestCheckpoint;
      const witnessed = report.witnessed;
      process.stdout.write(
        `OK ${report.events} events, ${report.checkpoints} checkpoints, root ${report.rootHash}` +
          (latest ? `, last signed ${latest.time} at size ${latest.size}` : '') +
          (options.checkpoint ? '; the minuted checkpoint is extended by this log' : '') +
          (witnessed ? `; every checkpoint cosigned by at least ${witnessed.quorum} of ${witnessed.of} witnesses` : '') +
          '\n',
      );
    });
}
