import type { Command } from 'commander';

export function backupCommand(program: Command): void {
  void program;
}
