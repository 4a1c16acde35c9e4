import type { Command } from 'commander';
import { exportBundle } from '@plan-ledger/notary';
import { openStoreAndNotary } from '../cli-settings';
import { progress } from '../progress';

export function exportCommand(program: Command): void {
  program
    .command('export')
    .description('write an audit bundle: the events exactly as stored, every signed checkpoint, the public key')
    .requiredOption('--out <dir>', 'folder to write the bundle into')
    .action(async (options: { out: string }) => {
      const { store, notary, notaryDir } = openStoreAndNotary();
      const bar = progress('export');
      try {
        const summary = await exportBundle(store, notary, notaryDir, options.out, (done, total) => bar.update(done, total));
        bar.stop();
        process.stdout.write(
          `exported ${summary.events} events and ${summary.checkpoints} checkpoints to ${options.out}\nroot ${summary.rootHash}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
