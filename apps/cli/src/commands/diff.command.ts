import type { Command } from 'commander';
import { canonicalText, type JsonValue } from '@plan-ledger/event-store';
import { LATE_AFTER_DAYS, knowledgeDiff } from '@plan-ledger/projections';
import { readVerifiedEvents } from '../bundle-events';

function days(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) throw new Error('--late-after must be a whole number of days');
  return parsed;
}

export function diffCommand(program: Command): void {
  program
    .command('diff')
    .description(
      'what was learnt about one business date between two moments, in plain words: entries, late entries, corrections, retractions',
    )
    .argument('<bundle>', 'the bundle folder')
    .requiredOption('--authority <laCode>', 'the authority')
    .requiredOption('--as-of <date>', 'the business date asked about (YYYY-MM-DD)')
    .requiredOption('--known-at <instant>', 'what was known at this instant...')
    .requiredOption('--vs <instant>', '...compared with what was known at this one')
    .option(
      '--late-after <days>',
      'call an entry "recorded late" when recorded more than this many days after it happened',
      String(LATE_AFTER_DAYS),
    )
    .option('--json', 'print canonical JSON (every entry with its words)')
    .action(
      (bundle: string, options: { authority: string; asOf: string; knownAt: string; vs: string; lateAfter: string; json?: boolean }) => {
        const knownAt = new Date(options.knownAt).toISOString();
        const vs = new Date(options.vs).toISOString();
        const lateAfterDays = days(options.lateAfter);
        const learnt = knowledgeDiff(readVerifiedEvents(bundle), options.authority, options.asOf, knownAt, vs, { lateAfterDays });
        if (options.json) {
          process.stdout.write(`${canonicalText(JSON.parse(JSON.stringify(learnt)) as JsonValue)}\n`);
          return;
        }
        if (learnt.length === 0) process.stdout.write(`nothing about ${options.asOf} was learnt between ${knownAt} and ${vs}\n`);
        for (const entry of learnt) process.stdout.write(`${entry.kind.padEnd(13)}  ${entry.words}\n`);
        if (learnt.some((entry) => entry.kind === 'recorded late'))
          process.stdout.write(`(recorded late: more than ${lateAfterDays} days after it happened)\n`);
      },
    );
}
