import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SQLITE_FILE_NAME } from '@plan-ledger/event-store';
import { backupLedger, RestoreRefused } from '@plan-ledger/notary';
import { cliSettings } from '../cli-settings';

export function backupCommand(program: Command): void {
  program
    .command('backup')
    .description(
      "copy the embedded store while the service runs, with the notary's checkpoints and public key (never its private key), into one file that `ledger restore` checks",
    )
    .requiredOption('--out <file>', 'the backup file to write (must not exist)')
    .action((options: { out: string }) => {
      const settings = cliSettings();
      if (settings.connectionString) {
        throw new Error(
          "the store is EventStoreDB (EVENTSTORE_CONNECTION_STRING): back it up with the server's own backups, and export a bundle (`ledger export`) for the notary",
        );
      }
      const out = resolve(options.out);
      try {
        const summary = backupLedger(join(settings.dataDir, SQLITE_FILE_NAME), settings.notaryDir, out);
        const latest = summary.latestCheckpoint;
        process.stdout.write(
          `backed up ${summary.events} events (last position ${summary.lastPosition}) and ${summary.checkpoints} checkpoints to ${out} (${summary.bytes} bytes)\n` +
            `latest checkpoint: ${latest ? `size ${latest.size}, signed ${latest.time}` : 'none yet'}` +
            (summary.uncovered > 0 ? `; ${summary.uncovered} events after it are signed at the next checkpoint` : '') +
            `\nroot ${summary.rootHash}\n` +
            "the notary's private key is not in the backup: keep it apart (LEDGER_NOTARY_KEY_FILE) and give it to the restored service\n",
        );
        for (const problem of summary.setAside) process.stderr.write(`ledger: warning: ${problem}\n`);
      } catch (error) {
        if (!(error instanceof RestoreRefused)) throw error;
        // The copy is kept: a damaged store is evidence, and the backup is what an investigator takes away.
        process.stdout.write(`FAILED ${error.check}: the backup at ${out} was written but does not check: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
