import type { Command } from 'commander';

export function auditStoreCommand(program: Command): void {
  void program;
}
