import type { Command } from 'commander';

export function diffBundlesCommand(program: Command): void {
  void program;
}
