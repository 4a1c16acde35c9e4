import type { Command } from 'commander';

export function accessCommand(program: Command): void {
  void program;
}
