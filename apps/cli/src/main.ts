#!/usr/bin/env node
import { Command } from 'commander';
import { ImportRefused } from '@plan-ledger/ofsted-import';
import { BundleRejected } from './bundle-events';
import { accessCommand } from './commands/access.command';
import { auditStoreCommand } from './commands/audit-store.command';
import { backupCommand } from './commands/backup.command';
import { diffBundlesCommand } from './commands/diff-bundles.command';
import { restoreCommand } from './commands/restore.command';
import { checkProofCommand } from './commands/check-proof.command';
import { devIssuerCommand } from './commands/dev-issuer.command';
import { diffCommand } from './commands/diff.command';
import { exportCommand } from './commands/export.command';
import { importCommand } from './commands/import.command';
import { projectionsCommand } from './commands/projections.command';
import { proveCommand } from './commands/prove.command';
import { replayCommand } from './commands/replay.command';
import { verifyCommand } from './commands/verify.command';
import { witnessCommand } from './commands/witness.command';

const program = new Command()
  .name('ledger')
  .description(
    'Plan Ledger for auditors and importers: export the log, verify it offline, replay what was known when, prove an event, import Ofsted documents',
  )
  .showHelpAfterError();
for (const add of [
  exportCommand,
  verifyCommand,
  replayCommand,
  diffCommand,
  proveCommand,
  importCommand,
  accessCommand,
  devIssuerCommand,
  witnessCommand,
  checkProofCommand,
  auditStoreCommand,
  backupCommand,
  restoreCommand,
  diffBundlesCommand,
  projectionsCommand,
])
  add(program);

program.parseAsync(process.argv).catch((error: Error) => {
  // One clear line, never a stack: the usual causes are a wrong path, a bad date or a bundle that does not verify.
  const detail =
    error instanceof BundleRejected && error.report.failure
      ? ` (${error.report.failure.check})`
      : error instanceof ImportRefused
        ? ` (${error.code})`
        : '';
  process.stderr.write(`ledger: ${error.message}${detail}\n`);
  process.exitCode = 2;
});
