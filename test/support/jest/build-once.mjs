// globalSetup of the e2e tier: build once, as `npm start` does, so the built-service test and the CLI tests run the
// compiled output (a CLI process then starts in ~0.5 s instead of ~1.2 s under tsx) and nothing builds twice.
// LEDGER_E2E_BUILD=skip leaves the build out: the built-service test then builds itself and the CLI runs under tsx.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildOnce() {
  if (process.env.LEDGER_E2E_BUILD === 'skip') return;
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  process.env.LEDGER_E2E_BUILT = '1';
}
