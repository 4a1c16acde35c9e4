import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  closeSharedPdfReaders,
  documentLimitsFromEnv,
  draftImport,
  ImportRefused,
  MAX_IMPORT_BYTES,
  type ImportDraft,
} from '@plan-ledger/ofsted-import';
import { documentsIn } from '../import/import-files';
import { countFields, importTable, type ImportRow } from '../import/import-table';
import { progress } from '../progress';
import { ServiceClient, withServiceOptions, type ServiceOptions } from '../service-client';

function readable(draft: ImportDraft): string {
  const r = draft.reading;
  const show = (
    label: string,
    field: { status: string; value: unknown; confidence: number; source: { page: number; line: number } | null; note?: string },
  ): string =>
    `  ${label.padEnd(26)} ${field.status === 'found' ? JSON.stringify(field.value) : field.status.toUpperCase()}` +
    (field.status === 'found'
      ? `  (${Math.round(field.confidence * 100)}%${field.source ? `, p${field.source.page} l${field.source.line}` : ''})`
      : '') +
    (field.note ? `  ${field.note}` : '');
  return [
    `${draft.fileName}: ${draft.documentType} (sha256 ${draft.sha256.slice(0, 16)}...)`,
    show('council', { ...r.authority, value: r.authority.value && `${r.authority.value.name} (${r.authority.value.laCode})` }),
    show('framework', r.framework),
    show('kind', r.inspectionKind),
    show('fieldwork', r.fieldwork),
    show('published / letter date', draft.publicationDate),
    show('lead inspector', r.leadInspector),
    show('inspectors', { ...r.inspectors, value: r.inspectors.value?.map((i) => i.name + (i.lead ? ' (lead)' : '')) }),
    show('framework period', r.period),
    show('overall effectiveness', r.overall),
    ...r.judgements.map((j) => show(j.area.slice(0, 26), j.judgement)),
    ...(r.theme.status !== 'not found' || r.recognition.kind === 'focused visit' ? [show('theme', r.theme)] : []),
    ...(r.recognition.kind === 'monitoring visit'
      ? [show('visit number', r.visitNumber), show('judged inadequate in', r.judgedInadequateIn)]
      : []),
    show('recommendations', { ...r.recommendations, value: r.recommendations.value?.length }),
    show('areas for priority action', { ...r.areasForPriorityAction, value: r.areasForPriorityAction.value?.length }),
    show('what needs to improve', { ...r.whatNeedsToImprove, value: r.whatNeedsToImprove.value?.length }),
    draft.blockers.length
      ? `cannot be recorded yet:\n${draft.blockers.map((b) => `  - ${b}`).join('\n')}`
      : `would record ${draft.commands.length} commands: ${draft.commands.map((c) => c.command.type).join(', ')}`,
  ].join('\n');
}

interface ServiceMatch {
  readonly status: string;
  readonly explanation: string;
  readonly changes: readonly { readonly field: string; readonly old: unknown; readonly new: unknown }[];
}

/**
 * Through the service, which reads the file again itself: one write path, with every rule of the domain. The service
 * matches the draft against the record; with `record` it then records what the match calls for.
 */
async function throughService(
  file: Buffer,
  fileName: string,
  laCode: string | undefined,
  service: ServiceClient,
  record: boolean,
): Promise<{ match: ServiceMatch | null; line: string }> {
  // A large PDF is read again by the service, in its worker pool: longer than a grant, still bounded by its limits.
  const options = { context: 'the service refused the import', timeoutMs: 600_000 };
  const preview = await service.graphql<{ previewImport: { previewId: string; match: ServiceMatch | null } }>(
    'mutation ($input: PreviewImportInput!) { previewImport(input: $input) { previewId match } }',
    {
      input: { fileName, base64: file.toString('base64'), ...(laCode ? { laCode } : {}) },
    },
    options,
  );
  const match = preview.previewImport.match;
  if (!record) return { match, line: match ? `${match.status}: ${match.explanation}` : 'not matched (the draft has blockers)' };
  const result = (
    await service.graphql<{
      applyImport: { streamId: string; recorded: number; alreadyRecorded: number; match: string; document: string };
    }>(
      'mutation ($id: String!) { applyImport(previewId: $id) { streamId recorded alreadyRecorded match document } }',
      {
        id: preview.previewImport.previewId,
      },
      options,
    )
  ).applyImport;
  return {
    match,
    line:
      `${result.match}: recorded ${result.recorded} events on ${result.streamId}` +
      (result.alreadyRecorded ? ` (${result.alreadyRecorded} steps were already on record)` : '') +
      `; the document: ${result.document}`,
  };
}

function describeChanges(match: ServiceMatch | null): string[] {
  return (match?.changes ?? []).map((change) =>
    `  ${change.field}: ${JSON.stringify(change.old)} -> ${JSON.stringify(change.new)}`.slice(0, 400),
  );
}

type ImportOptions = ServiceOptions & { authority?: string; json?: boolean; apply?: boolean; check?: boolean };

/** Reads one document into a draft, or says why it is refused; never throws for the document's own faults. */
async function draftFile(file: string, laCode: string | undefined): Promise<{ bytes?: Buffer; row: ImportRow }> {
  const name = basename(file);
  try {
    const size = statSync(file).size;
    if (size > MAX_IMPORT_BYTES)
      throw new ImportRefused(
        'FILE_TOO_LARGE',
        `${name} is ${(size / 1048576).toFixed(0)} MB; Ofsted's reports are well under ${MAX_IMPORT_BYTES / 1048576} MB`,
      );
    const bytes = readFileSync(file);
    // The same worker pool and limits as the service: a hostile file is refused here as it would be there.
    return { bytes, row: { file: name, draft: await draftImport(bytes, { fileName: name, laCode }) } };
  } catch (error) {
    if (error instanceof ImportRefused) return { row: { file: name, refused: { code: error.code, message: error.message } } };
    throw error;
  }
}

/** Drafts in order, `parallel` at a time (the PDF workers' threads): a folder is read in one process, once. */
async function draftAll(
  files: readonly string[],
  laCode: string | undefined,
  parallel: number,
  done: (count: number) => void,
): Promise<{ bytes?: Buffer; row: ImportRow }[]> {
  const results: { bytes?: Buffer; row: ImportRow }[] = new Array(files.length);
  let next = 0;
  let finished = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      results[index] = await draftFile(files[index], laCode);
      done(++finished);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, files.length) }, worker));
  return results;
}

export function importCommand(program: Command): void {
  const command = program
    .command('import')
    .description(
      'read Ofsted reports and letters (PDF or text; files, or folders of them) into drafts; with --check, match them ' +
        'against the record; with --apply, record what the match calls for through the service',
    )
    .argument('<paths...>', 'reports or letters, or folders of them')
    .option('--authority <laCode>', 'the council, when the document does not name it clearly')
    .option('--dry-run', 'show the drafts only (the default)')
    .option('--json', 'one JSON line per document: the draft, with a summary in the columns of expected-latest.csv')
    .option('--check', 'match each draft against what the running service holds, recording nothing')
    .option(
      '--apply',
      'record each draft through the running service as it matches the record: new, corrections, or nothing when ' +
        'already on record; acts with a token holding inspection-data (LEDGER_TOKEN or --token-file), or as the local ' +
        'user in local mode',
    );
  withServiceOptions(command).action(async (paths: string[], options: ImportOptions) => {
    // Before any file is read: a wrong --api or a token bound for plain http is refused at once, not after the drafts.
    const service = options.apply || options.check ? ServiceClient.connect(options) : undefined;
    const files = documentsIn(paths);
    if (files.length === 0) throw new Error(`no PDF or text documents in ${paths.join(', ')}`);
    // One council for a whole folder would be a guess for every document but one.
    if (options.authority && files.length > 1)
      throw new Error(`--authority gives the council of one document; ${files.length} were named (import that one on its own)`);
    const single = files.length === 1;
    const bar = single ? undefined : progress('reading');
    let drafted: { bytes?: Buffer; row: ImportRow }[];
    try {
      drafted = await draftAll(files, options.authority, documentLimitsFromEnv().threads, (count) => bar?.update(count, files.length));
    } finally {
      bar?.stop();
      await closeSharedPdfReaders();
    }
    const rows: ImportRow[] = [];
    for (const { bytes, row } of drafted) {
      let match: ServiceMatch | null = null;
      let outcome: string | undefined;
      if (service && bytes && row.draft && row.draft.blockers.length === 0) {
        ({ match, line: outcome } = await throughService(bytes, row.file, options.authority, service, options.apply === true));
      } else if (service && row.draft) {
        outcome = `nothing ${options.apply ? 'recorded' : 'matched'}: ${row.draft.blockers.join('; ')}`;
      }
      const done: ImportRow = { ...row, ...(outcome ? { match: match?.status ?? outcome } : {}) };
      rows.push(done);
      if (options.json) {
        const { reading, ...rest } = row.draft ?? { reading: undefined };
        const line = row.draft
          ? { file: row.file, ...rest, fields: reading, counts: countFields(row.draft.reading), match, outcome: outcome ?? null }
          : { file: row.file, refused: row.refused };
        process.stdout.write(`${JSON.stringify(line)}\n`);
      } else if (single) {
        process.stdout.write(
          row.draft ? `${readable(row.draft)}\n` : `${row.file}: refused: ${row.refused?.message} (${row.refused?.code})\n`,
        );
        if (outcome) process.stdout.write(`${[outcome, ...describeChanges(match)].join('\n')}\n`);
      }
    }
    if (!options.json && !single) process.stdout.write(`${importTable(rows)}\n`);
    const refused = rows.filter((row) => row.refused);
    if (refused.length > 0) {
      // Every other document was still read (and recorded, with --apply): the exit status tells a script some were not.
      process.stderr.write(
        `ledger: ${refused.length} of ${rows.length} documents refused: ${refused.map((r) => `${r.file} (${r.refused!.code})`).join(', ')}\n`,
      );
      process.exitCode = 1;
    }
    if (options.apply && rows.some((row) => row.draft && row.draft.blockers.length > 0)) {
      const blocked = rows.filter((row) => row.draft && row.draft.blockers.length > 0);
      if (single) throw new Error(`nothing recorded: ${blocked[0].draft!.blockers.join('; ')}`);
      process.stderr.write(`ledger: ${blocked.length} documents not recorded: they have blockers to settle\n`);
      process.exitCode = 1;
    }
  });
}
