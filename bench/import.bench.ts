/**
 * `npm run bench:import -- DIR [--expected CSV]`
 * Drafts every PDF and text file in DIR, printing per file the time taken and which summary fields were found;
 * with --expected (columns as in expected-latest.csv, dates dd/mm/yy or ISO), the share of expected values matched,
 * rows paired by la_code and publication_date. Ends with a JSON line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { draftImport, type ImportSummary } from '@plan-ledger/ofsted-import';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { expected: { type: 'string' } } });
const dir = positionals[0] ?? '';

const isSummaryColumn = (summary: ImportSummary, column: string): column is keyof ImportSummary => Object.hasOwn(summary, column);
/** A column of expected-latest.csv as the summary holds it; undefined for a column the summary does not have. */
const summaryValue = (summary: ImportSummary, column: string): string | null | undefined =>
  isSummaryColumn(summary, column) ? summary[column] : undefined;

const iso = (date: string): string => {
  const dmy = /^(\d{2})\/(\d{2})\/(\d{2}|\d{4})$/.exec(date.trim());
  return dmy ? `${dmy[3].length === 2 ? `20${dmy[3]}` : dmy[3]}-${dmy[2]}-${dmy[1]}` : date.trim();
};

async function main(): Promise<void> {
  const files = readdirSync(dir)
    .filter((f) => /\.(pdf|txt)$/i.test(f))
    .sort();
  const summaries: { file: string; ms: number; summary: ImportSummary | null; error?: string }[] = [];
  for (const file of files) {
    const start = performance.now();
    try {
      const draft = await draftImport(readFileSync(join(dir, file)), { fileName: file });
      const ms = performance.now() - start;
      const found = Object.entries(draft.summary)
        .filter(([, v]) => v !== null)
        .map(([k]) => k);
      summaries.push({ file, ms, summary: draft.summary });
      console.log(
        `${file.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${draft.documentType.padEnd(18)} found ${found.length}/12: ${found.join(' ')}`,
      );
    } catch (error) {
      const ms = performance.now() - start;
      summaries.push({ file, ms, summary: null, error: (error as Error).message });
      console.log(`${file.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  refused: ${(error as Error).message}`);
    }
  }
  const totalMs = summaries.reduce((sum, s) => sum + s.ms, 0);
  console.log(
    `total ${files.length} files in ${(totalMs / 1000).toFixed(1)} s, ${(totalMs / files.length).toFixed(0)} ms a file, slowest ${Math.max(...summaries.map((s) => s.ms)).toFixed(0)} ms`,
  );

  let matched = 0;
  let compared = 0;
  const misses: string[] = [];
  if (values.expected) {
    const [header, ...rows] = readFileSync(values.expected, 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(',').map((c) => c.trim()));
    for (const row of rows) {
      const expected = Object.fromEntries(header.map((column, i) => [column, /_date$/.test(column) ? iso(row[i]) : row[i]]));
      const actual = summaries.find(
        (s) => s.summary?.la_code === expected.la_code && s.summary.publication_date === expected.publication_date,
      )?.summary;
      for (const column of header) {
        compared++;
        if (actual && String(summaryValue(actual, column) ?? '') === expected[column]) matched++;
        else
          misses.push(
            `${expected.la_code} ${column}: expected ${expected[column]}, got ${actual ? String(summaryValue(actual, column)) : 'no matching row'}`,
          );
      }
    }
    console.log(`expected values matched: ${matched}/${compared} (${((matched / compared) * 100).toFixed(1)}%)`);
    for (const miss of misses) console.log(`  miss ${miss}`);
  }
  console.log(
    JSON.stringify({
      bench: 'import',
      files: files.length,
      msPerFile: Math.round(totalMs / files.length),
      slowestMs: Math.round(Math.max(...summaries.map((s) => s.ms))),
      matched,
      compared,
    }),
  );
}

if (!dir) {
  console.error('usage: npm run bench:import -- DIR [--expected CSV]');
  process.exitCode = 2;
} else {
  main().catch((error: Error) => {
    console.error(`bench:import failed: ${error.message}`);
    process.exitCode = 1;
  });
}
