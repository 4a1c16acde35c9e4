import type { Command } from 'commander';

export function devIssuerCommand(program: Command): void {
  void program;
}
