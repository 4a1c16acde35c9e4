import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** How to start the `ledger` command line: the compiled CLI when the e2e tier built it, else the sources under tsx. */
export function ledgerCommand(): string[] {
  return process.env.LEDGER_E2E_BUILT === '1'
    ? [join(root, 'dist/apps/cli/src/main.js')]
    : ['--import', 'tsx', join(root, 'apps/cli/src/main.ts')];
}
