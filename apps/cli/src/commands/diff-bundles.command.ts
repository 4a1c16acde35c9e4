import type { Command } from 'commander';
import { diffBundles, type BundleEvent, type FirstDifference } from '@plan-ledger/notary';

function named(event: BundleEvent | undefined): string {
  if (!event) return 'nothing';
  const revision = event.revision !== undefined ? ` revision ${event.revision}` : '';
  return `event ${event.eventId ?? '(no id)'} (stream ${event.streamId ?? '?'}${revision}, type ${event.type ?? '?'}, recorded ${event.recordedAt ?? '?'})`;
}

/** A value as JSON, cut short: the line names the change, `ledger prove` or the bundles show it whole. */
const clip = (json: string | undefined): string => (json === undefined ? '(absent)' : json.length > 60 ? `${json.slice(0, 57)}...` : json);

function firstDifference(first: FirstDifference): string {
  const at = `first difference at position ${first.position}`;
  switch (first.kind) {
    case 'appended':
      return `${at}: A ends, B goes on with ${named(first.b)}`;
    case 'removed':
      return `${at}: B ends; A goes on with ${named(first.a)}: events from position ${first.position} on are missing from B`;
    case 'altered':
      return (
        `${at}: ${named(first.a)} was altered (bytes differ from offset ${first.byteOffset})\n` +
        `  changed: ${first.changedFields.map((change) => `${change.path} ${clip(change.a)} -> ${clip(change.b)}`).join('; ') || '(formatting only)'}\n` +
        `  B has it as ${named(first.b)}`
      );
    case 'replaced': {
      const aWhere = first.aEventInB !== undefined ? `it is at position ${first.aEventInB} in B` : 'it is not in B at all: removed';
      const bWhere = first.bEventInA !== undefined ? `it is at position ${first.bEventInA} in A` : 'it is not in A at all: inserted';
      return `${at}: another event stands there\n  A: ${named(first.a)}; ${aWhere}\n  B: ${named(first.b)}; ${bWhere}`;
    }
  }
}

const listed = (events: readonly BundleEvent[]): string =>
  events
    .slice(0, 10)
    .map((event) => `${event.position} (${event.eventId})`)
    .join(', ') + (events.length > 10 ? `, and ${events.length - 10} more` : '');

export function diffBundlesCommand(program: Command): void {
  program
    .command('diff-bundles')
    .description("compare two bundles (e.g. a minuted export and today's): name the first event that differs; exit 0 only if B extends A")
    .argument('<a>', 'the earlier bundle folder')
    .argument('<b>', 'the later bundle folder')
    .action((a: string, b: string) => {
      const diff = diffBundles(a, b);
      const lines = [`A holds ${diff.aEvents} events, B holds ${diff.bEvents}`];
      if (!diff.sameKey) lines.push('the bundles name different notary keys (notary.pub): they were signed by different keys');
      if (diff.extends) {
        lines.push(
          diff.bEvents === diff.aEvents
            ? 'B extends A: the same events, byte for byte'
            : `B extends A: its first ${diff.aEvents} events are A's, byte for byte, and ${diff.bEvents - diff.aEvents} were appended (positions ${diff.aEvents + 1}..${diff.bEvents})`,
        );
      } else {
        lines.push('B does NOT extend A');
        if (diff.first) lines.push(firstDifference(diff.first));
        if (diff.altered.length > 0) lines.push(`altered: ${diff.altered.length} (positions in A: ${listed(diff.altered)})`);
        if (diff.removed.length > 0) lines.push(`removed: ${diff.removed.length} (positions in A: ${listed(diff.removed)})`);
        if (diff.inserted.length > 0) lines.push(`inserted: ${diff.inserted.length} (positions in B: ${listed(diff.inserted)})`);
        if (diff.appended > 0) lines.push(`appended after A's events: ${diff.appended}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = diff.extends ? 0 : 1;
    });
}
