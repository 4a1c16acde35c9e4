import type { Command } from 'commander';

export function witnessCommand(program: Command): void {
  void program;
}
