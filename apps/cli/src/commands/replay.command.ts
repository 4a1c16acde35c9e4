import type { Command } from 'commander';
import { canonicalText, type JsonValue } from '@plan-ledger/event-store';
import { authorityReport, eventsByAuthority, type AuthorityReport } from '@plan-ledger/projections';
import { readVerifiedEvents } from '../bundle-events';

function table(report: AuthorityReport): string {
  const a = report.authority;
  const out = [
    `${a.name} (${a.laCode}, ${a.region}) as known at ${report.knownAt}${report.asOf ? `, as of ${report.asOf}` : ''}`,
    `latest overall judgement: ${a.latestOverallJudgement ?? 'none on record'}; intervention: ${a.currentIntervention?.kind ?? 'none in force'}`,
    '',
    'TIMELINE',
    ...report.timeline.map(
      (t) =>
        `  ${t.label.padEnd(32)} ${t.kind.padEnd(17)} ${t.title}${t.uncertain ? '  (uncertain)' : ''}${t.corrected ? '  (corrected)' : ''}`,
    ),
  ];
  for (const plan of report.plans) {
    out.push('', `PLAN ${plan.planId}: ${plan.title} (${plan.status})`);
    for (const p of plan.priorities)
      out.push(`  priority ${p.priorityId}: ${p.title} [${p.status}]${p.latestGrade ? ` grade ${p.latestGrade.grade}` : ''}`);
    for (const action of plan.actions)
      out.push(`  action ${action.actionId}: ${action.title} due ${action.due} [${action.status}${action.overdue ? ', overdue' : ''}]`);
  }
  return `${out.join('\n')}\n`;
}

export function replayCommand(program: Command): void {
  program
    .command('replay')
    .description('rebuild the plan and timeline views from a bundle alone, exactly as the API answers at the same cut')
    .argument('<bundle>', 'the bundle folder')
    .requiredOption('--known-at <instant>', 'only what had been recorded by this ISO 8601 instant')
    .option('--as-of <date>', 'only what had happened by this date (YYYY-MM-DD)')
    .option('--authority <laCode>', 'the authority (default: every authority in the bundle)')
    .option('--json', 'print canonical JSON (RFC 8785) instead of tables')
    .action((bundle: string, options: { knownAt: string; asOf?: string; authority?: string; json?: boolean }) => {
      const knownAt = new Date(options.knownAt);
      if (Number.isNaN(knownAt.getTime())) throw new Error('--known-at must be an ISO 8601 instant');
      if (options.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new Error('--as-of must be a date written YYYY-MM-DD');
      const events = readVerifiedEvents(bundle);
      const codes = options.authority
        ? [options.authority]
        : [...new Set(events.filter((e) => e.type === 'AuthorityRegistered').map((e) => String(e.data.laCode)))].sort();
      const cut = { knownAt: knownAt.toISOString(), asOf: options.asOf };
      const byAuthority = eventsByAuthority(events);
      const reports = codes
        .map((code) => authorityReport(byAuthority.get(code) ?? [], code, cut))
        .filter((r): r is AuthorityReport => r !== undefined);
      if (options.authority && reports.length === 0) throw new Error(`authority ${options.authority} is not in the bundle at that cut`);
      if (options.json) {
        // Through JSON first, as the API serialises its answer (absent fields dropped), then canonical.
        const json = JSON.parse(JSON.stringify(options.authority ? reports[0] : reports)) as JsonValue;
        process.stdout.write(`${canonicalText(json)}\n`);
      } else {
        process.stdout.write(reports.map(table).join('\n'));
      }
    });
}
