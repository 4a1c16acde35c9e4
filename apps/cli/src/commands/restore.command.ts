import type { Command } from 'commander';

export function restoreCommand(program: Command): void {
  void program;
}
