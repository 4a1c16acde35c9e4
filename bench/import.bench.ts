/**
 * `npm run bench:import -- DIR [DIR...] [--expected CSV]`
 * Drafts every PDF and text file in the folders, in one process (as `ledger import DIR` does), one at a time so each
 * report's time is its own: median and p95 milliseconds per report after the first (the first pays for starting
 * pdf.js), the first's, and the whole run's. With --expected (columns as in expected-latest.csv, dates dd/mm/yy or
 * ISO), the share of expected values matched, rows paired by la_code and publication date (a span from the PDF's
 * creation date matches a date inside it). Ends with a JSON line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { closeSharedPdfReaders, draftImport, isWithin, type ImportSummary } from '@plan-ledger/ofsted-import';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { expected: { type: 'string' } } });

const isSummaryColumn = (summary: ImportSummary, column: string): column is keyof ImportSummary => Object.hasOwn(summary, column);
/** A column of expected-latest.csv as the summary holds it; undefined for a column the summary does not have. */
const summaryValue = (summary: ImportSummary, column: string): string | null | undefined =>
  isSummaryColumn(summary, column) ? summary[column] : undefined;

const iso = (date: string): string => {
  const dmy = /^(\d{2})\/(\d{2})\/(\d{2}|\d{4})$/.exec(date.trim());
  return dmy ? `${dmy[3].length === 2 ? `20${dmy[3]}` : dmy[3]}-${dmy[2]}-${dmy[1]}` : date.trim();
};

/** The scrape tool's index calls the publication date by where it found it. */
const COLUMN_ALIASES: Readonly<Record<string, string>> = { date_in_source_file_name: 'publication_date' };

/** Rows of a CSV file as RFC 4180 writes them: a quoted field may hold commas, and "" is a quote. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trim().split(/\r?\n/)) {
    const fields: string[] = [];
    for (const match of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)) {
      fields.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2].trim());
    }
    rows.push(fields);
  }
  return rows;
}

/** A value matches when equal, or when the expected date falls in the span the summary gives. */
const matches = (column: string, actual: string | null | undefined, expected: string): boolean =>
  actual === expected || (column.endsWith('_date') && !!actual?.includes('/') && isWithin(expected, actual));

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Documents a folder holds; its LICENSE, README and INDEX are no inspection document. */
const documentsIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => /\.(pdf|txt)$/i.test(f) && !/^(LICEN[CS]E|README|INDEX)\b/i.test(f))
    .sort()
    .map((f) => join(dir, f));

async function main(): Promise<void> {
  const files = positionals.flatMap(documentsIn);
  // CPU time of the whole process (its PDF worker threads included): what a report costs, however busy the machine.
  const results: { file: string; ms: number; cpuMs: number; summary: ImportSummary | null; error?: string }[] = [];
  const cpuSince = (from: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(from);
    return (used.user + used.system) / 1000;
  };
  const started = performance.now();
  for (const path of files) {
    const file = path.split('/').pop()!;
    const start = performance.now();
    const cpu = process.cpuUsage();
    try {
      const draft = await draftImport(readFileSync(path), { fileName: file });
      const ms = performance.now() - start;
      const found = Object.entries(draft.summary)
        .filter(([, v]) => v !== null)
        .map(([k]) => k);
      results.push({ file, ms, cpuMs: cpuSince(cpu), summary: draft.summary });
      console.log(
        `${file.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${draft.documentType.padEnd(18)} found ${found.length}/12` +
          `${
            found.length < 12
              ? `, missing ${Object.keys(draft.summary)
                  .filter((k) => !found.includes(k))
                  .join(' ')}`
              : ''
          }` +
          `  published ${draft.summary.publication_date ?? '?'}`,
      );
    } catch (error) {
      const ms = performance.now() - start;
      results.push({ file, ms, cpuMs: cpuSince(cpu), summary: null, error: (error as Error).message });
      console.log(`${file.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  refused: ${(error as Error).message}`);
    }
  }
  const wallMs = performance.now() - started;
  await closeSharedPdfReaders();
  const afterFirst = results
    .slice(1)
    .map((r) => r.ms)
    .sort((a, b) => a - b);
  const medianMs = percentile(afterFirst, 50);
  const cpuMedianMs = percentile(
    results
      .slice(1)
      .map((r) => r.cpuMs)
      .sort((a, b) => a - b),
    50,
  );
  const p95Ms = percentile(afterFirst, 95);
  const firstMs = results[0]?.ms ?? 0;
  console.log(
    `${files.length} documents in ${(wallMs / 1000).toFixed(1)} s; first ${firstMs.toFixed(0)} ms (starts pdf.js); ` +
      `after it: median ${medianMs.toFixed(0)} ms, p95 ${p95Ms.toFixed(0)} ms per report (goal: median under 300 ms); ` +
      `CPU median ${cpuMedianMs.toFixed(0)} ms per report; load average ${loadavg()[0].toFixed(1)} (a busy machine lengthens wall-clock times)`,
  );

  let matched = 0;
  let compared = 0;
  const misses: string[] = [];
  if (values.expected) {
    const [header, ...rows] = csvRows(readFileSync(values.expected, 'utf8'));
    for (const row of rows) {
      const expected = Object.fromEntries(
        header.map((column, i) => [COLUMN_ALIASES[column] ?? column, /_date$|_file_name$/.test(column) ? iso(row[i]) : row[i]]),
      );
      // A list of files (reports-earlier/INDEX.csv) names each row's file; expected-latest.csv pairs by council and date.
      const actual = (
        expected.file !== undefined
          ? results.find((r) => r.file.endsWith(expected.file))
          : results.find(
              (r) =>
                r.summary?.la_code === expected.la_code &&
                matches('publication_date', r.summary.publication_date, expected.publication_date),
            )
      )?.summary;
      for (const column of Object.keys(expected).filter((c) => c !== 'file')) {
        compared++;
        if (actual && matches(column, summaryValue(actual, column), expected[column])) matched++;
        else
          misses.push(
            `${expected.la_code ?? expected.file} ${column}: expected ${expected[column]}, got ${actual ? String(summaryValue(actual, column)) : 'no matching row'}`,
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
      refused: results.filter((r) => r.error).length,
      wallMs: Math.round(wallMs),
      firstMs: Math.round(firstMs),
      medianMs: Math.round(medianMs),
      p95Ms: Math.round(p95Ms),
      cpuMedianMs: Math.round(cpuMedianMs),
      loadAverage: Number(loadavg()[0].toFixed(2)),
      matched,
      compared,
    }),
  );
}

if (positionals.length === 0) {
  console.error('usage: npm run bench:import -- DIR [DIR...] [--expected CSV]');
  process.exitCode = 2;
} else {
  main().catch((error: Error) => {
    console.error(`bench:import failed: ${error.message}`);
    process.exitCode = 1;
  });
}
