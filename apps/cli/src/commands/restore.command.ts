import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { restoreLedger, RestoreRefused } from '@plan-ledger/notary';

export function restoreCommand(program: Command): void {
  program
    .command('restore')
    .description(
      'restore a bundle (a folder, verified first) or a `ledger backup` file (checked first) into an empty data folder, events byte for byte at their positions',
    )
    .argument('<source>', 'a bundle folder or a backup file')
    .requiredOption('--data-dir <dir>', 'the empty data folder to restore into')
    .option('--key <file>', 'the verifier key you were given (e.g. from the minutes): refuse a source signed by any other')
    .action(async (source: string, options: { dataDir: string; key?: string }) => {
      const pinnedKey = options.key ? readFileSync(options.key, 'utf8') : undefined;
      try {
        const restored = await restoreLedger(resolve(source), resolve(options.dataDir), { pinnedKey });
        const latest = restored.latestCheckpoint;
        process.stdout.write(
          `restored ${restored.events} events from the ${restored.kind} into ${restored.storePath}\n` +
            `root ${restored.rootHash}\n` +
            `${restored.checkpoints} checkpoints${latest ? `, the latest of size ${latest.size}, signed ${latest.time}` : ''}, all matching the restored events` +
            (restored.uncovered > 0 ? `; ${restored.uncovered} events after it await the next checkpoint` : '') +
            '\n' +
            `checkpoints and notary.pub copied to ${restored.notaryDir}; the private key was not: start the service with LEDGER_NOTARY_KEY_FILE (or LEDGER_NOTARY_KEY) set to the original key, or it makes a new one and raises alarms until an admin clears them\n`,
        );
      } catch (error) {
        if (!(error instanceof RestoreRefused)) throw error;
        const where = error.position !== undefined && !error.message.includes('position') ? ` at position ${error.position}` : '';
        process.stdout.write(`REFUSED ${error.check}${where}: ${error.message}; nothing was restored\n`);
        process.exitCode = 1;
      }
    });
}
