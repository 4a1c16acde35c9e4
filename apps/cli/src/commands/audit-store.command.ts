import type { Command } from 'commander';
import { ServiceClient, withServiceOptions, type ServiceOptions } from '../service-client';

/**
 * `ledger audit-store`: has the running service re-read every stored event against the notary's tree now, instead of
 * waiting for its schedule; what no longer matches is raised as an alarm there (no checkpoint is signed until an admin
 * clears it) and printed here. Through the service, since only its notary holds the tree it has been signing.
 */
export function auditStoreCommand(program: Command): void {
  withServiceOptions(
    program
      .command('audit-store')
      .description(
        "re-read every stored event against the notary's tree, through the running service (auditor or admin); exit 1 if anything no longer matches",
      ),
  ).action(async (options: ServiceOptions) => {
    const { auditStore } = await ServiceClient.connect(options).graphql<{ auditStore: { checked: number; found: string[] } }>(
      'mutation { auditStore { checked found } }',
      {},
    );
    if (auditStore.found.length === 0) {
      process.stdout.write(`OK: ${auditStore.checked} events re-read, each as the notary hashed it\n`);
      return;
    }
    process.stdout.write(`${auditStore.found.map((line) => `ALARM ${line}`).join('\n')}\n`);
    process.stdout.write(
      `${auditStore.found.length} of ${auditStore.checked} events no longer match: no checkpoint is signed until an admin clears the alarms\n`,
    );
    process.exitCode = 1;
  });
}
