import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** How to start the `ledger` command line: the compiled CLI when the e2e tier built it, else the sources under tsx. */
export function ledgerCommand(): string[] {
  return process.env.LEDGER_E2E_BUILT === '1'
    ? [join(root, 'dist/apps/cli/src/main.js')]
    : ['--import', 'tsx', join(root, 'apps/cli/src/main.ts')];
}

export interface LedgerRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ledger <args>` as a user runs it: a separate process, with `env` over this one's; never rejects. */
export function runLedger(args: readonly string[], env: Record<string, string> = {}): Promise<LedgerRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...ledgerCommand(), ...args], { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
