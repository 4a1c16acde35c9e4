#!/usr/bin/env node
import { Command } from 'commander';
import { BundleRejected } from './bundle-events';
import { diffCommand } from './commands/diff.command';
import { exportCommand } from './commands/export.command';
import { proveCommand } from './commands/prove.command';
import { replayCommand } from './commands/replay.command';
import { verifyCommand } from './commands/verify.command';

const program = new Command()
  .name('ledger')
  .description('Plan Ledger for auditors: export the log, verify it offline, replay what was known when, prove an event')
  .showHelpAfterError();
for (const add of [exportCommand, verifyCommand, replayCommand, diffCommand, proveCommand]) add(program);

program.parseAsync(process.argv).catch((error: Error) => {
  // One clear line, never a stack: the usual causes are a wrong path, a bad date or a bundle that does not verify.
  const detail = error instanceof BundleRejected && error.report.failure ? ` (${error.report.failure.check})` : '';
  process.stderr.write(`ledger: ${error.message}${detail}\n`);
  process.exitCode = 2;
});
