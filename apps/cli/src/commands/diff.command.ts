import type { Command } from 'commander';
import { canonicalText, type JsonValue } from '@plan-ledger/event-store';
import { knowledgeDiff } from '@plan-ledger/projections';
import { readVerifiedEvents } from '../bundle-events';

export function diffCommand(program: Command): void {
  program
    .command('diff')
    .description('what was learnt about one business date between two moments: late entries, corrections, retractions')
    .argument('<bundle>', 'the bundle folder')
    .requiredOption('--authority <laCode>', 'the authority')
    .requiredOption('--as-of <date>', 'the business date asked about (YYYY-MM-DD)')
    .requiredOption('--known-at <instant>', 'what was known at this instant...')
    .requiredOption('--vs <instant>', '...compared with what was known at this one')
    .option('--json', 'print canonical JSON')
    .action((bundle: string, options: { authority: string; asOf: string; knownAt: string; vs: string; json?: boolean }) => {
      const knownAt = new Date(options.knownAt).toISOString();
      const vs = new Date(options.vs).toISOString();
      const learnt = knowledgeDiff(readVerifiedEvents(bundle), options.authority, options.asOf, knownAt, vs);
      if (options.json) {
        process.stdout.write(`${canonicalText(JSON.parse(JSON.stringify(learnt)) as JsonValue)}\n`);
        return;
      }
      if (learnt.length === 0) process.stdout.write(`nothing about ${options.asOf} was learnt between ${knownAt} and ${vs}\n`);
      for (const entry of learnt) {
        process.stdout.write(
          `${entry.recordedAt}  ${entry.kind.padEnd(13)} ${entry.type.padEnd(22)} ${entry.streamId}  by ${entry.actor.id} (${entry.actor.role})` +
            (entry.names ? `  names ${entry.names}` : '') +
            (entry.reason ? `  because: ${entry.reason}` : '') +
            '\n',
        );
      }
    });
}
