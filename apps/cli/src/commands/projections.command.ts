import type { Command } from 'commander';
import { ServiceClient, withServiceOptions, type ServiceOptions } from '../service-client';

/**
 * `ledger projections rebuild|verify`: the running service's read model, built again while it keeps answering, or
 * checked against a fold of the log from scratch. Through the service, since the model is the service's own file.
 */
export function projectionsCommand(program: Command): void {
  const projections = program.command('projections').description("the service's read model (the rows its answers come from)");
  withServiceOptions(
    projections
      .command('rebuild')
      .description('build the read model again from the log while the service answers from the old one, then swap (admin)'),
  ).action(async (options: ServiceOptions) => {
    const { rebuildReadModel } = await ServiceClient.connect(options).graphql<{
      rebuildReadModel: { position: string; hash: string; milliseconds: number };
    }>('mutation { rebuildReadModel { position hash milliseconds } }', {});
    process.stdout.write(
      `rebuilt to position ${rebuildReadModel.position} in ${rebuildReadModel.milliseconds} ms, sha256 ${rebuildReadModel.hash}\n`,
    );
  });
  withServiceOptions(
    projections
      .command('verify')
      .description('fold the log from scratch to the live model position and compare hashes (auditor or admin); exit 1 if they differ'),
  ).action(async (options: ServiceOptions) => {
    const { verifyReadModel: v } = await ServiceClient.connect(options).graphql<{
      verifyReadModel: { position: string; liveHash: string; foldedHash: string; equal: boolean; eventsFolded: number };
    }>('mutation { verifyReadModel { position liveHash foldedHash equal eventsFolded } }', {});
    if (v.equal) {
      process.stdout.write(
        `OK: the live read model at position ${v.position} is the fold of ${v.eventsFolded} events (sha256 ${v.liveHash})\n`,
      );
      return;
    }
    process.stdout.write(`DIFFERS at position ${v.position}: live ${v.liveHash}, folded from the log ${v.foldedHash}\n`);
    process.exitCode = 1;
  });
}
