import type { Command } from 'commander';

export function checkProofCommand(program: Command): void {
  void program;
}
