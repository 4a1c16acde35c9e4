import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { verifyBundle, verifyMinutedCheckpoint } from '@plan-ledger/notary';
import { progress } from '../progress';

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description('check a bundle with no database and no network: every event, signature, root and checkpoint')
    .argument('<bundle>', 'the bundle folder')
    .option('--checkpoint <file>', 'also check that the log still extends a checkpoint minuted earlier (its signed note)')
    .option('--key <file>', 'the verifier key you were given (e.g. from the minutes): refuse a bundle signed by any other')
    .action((bundle: string, options: { checkpoint?: string; key?: string }) => {
      const bar = progress('verify');
      const pinnedKey = options.key ? readFileSync(options.key, 'utf8') : undefined;
      const report = options.checkpoint
        ? verifyMinutedCheckpoint(bundle, readFileSync(options.checkpoint, 'utf8'))
        : verifyBundle(bundle, { pinnedKey, onProgress: (done, total) => bar.update(done, total) });
      bar.stop();
      if (!report.ok) {
        const where = report.failure?.position !== undefined ? ` at position ${report.failure.position}` : '';
        process.stdout.write(`FAILED ${report.failure?.check}${where}: ${report.failure?.message}\n`);
        process.exitCode = 1;
        return;
      }
      const latest = report.latestCheckpoint;
      process.stdout.write(
        `OK ${report.events} events, ${report.checkpoints} checkpoints, root ${report.rootHash}` +
          (latest ? `, last signed ${latest.time} at size ${latest.size}` : '') +
          (options.checkpoint ? '; the minuted checkpoint is extended by this log' : '') +
          '\n',
      );
    });
}
