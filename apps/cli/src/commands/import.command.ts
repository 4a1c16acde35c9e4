import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { closeSharedPdfReaders, draftImport, ImportRefused, MAX_IMPORT_BYTES, type ImportDraft } from '@plan-ledger/ofsted-import';
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
    show('overall effectiveness', r.overall),
    ...r.judgements.map((j) => show(j.area.slice(0, 26), j.judgement)),
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

/** Records through the service, which reads the file again itself: one write path, with every rule of the domain. */
async function apply(file: Buffer, fileName: string, laCode: string | undefined, service: ServiceClient): Promise<string> {
  // A large PDF is read again by the service, in its worker pool: longer than a grant, still bounded by its limits.
  const options = { context: 'the service refused the import', timeoutMs: 600_000 };
  const preview = await service.graphql<{ previewImport: { previewId: string } }>(
    'mutation ($input: PreviewImportInput!) { previewImport(input: $input) { previewId } }',
    {
      input: { fileName, base64: file.toString('base64'), ...(laCode ? { laCode } : {}) },
    },
    options,
  );
  const result = (
    await service.graphql<{ applyImport: { streamId: string; recorded: number; alreadyRecorded: number } }>(
      'mutation ($id: String!) { applyImport(previewId: $id) { streamId recorded alreadyRecorded } }',
      {
        id: preview.previewImport.previewId,
      },
      options,
    )
  ).applyImport;
  return `recorded ${result.recorded} events on ${result.streamId}${result.alreadyRecorded ? ` (${result.alreadyRecorded} steps were already on record)` : ''}`;
}

export function importCommand(program: Command): void {
  const command = program
    .command('import')
    .description('read an Ofsted report or letter (PDF or text) into a draft; with --apply, record it through the service')
    .argument('<file>', 'the report or letter')
    .option('--authority <laCode>', 'the council, when the document does not name it clearly')
    .option('--dry-run', 'show the draft only (the default)')
    .option('--json', 'print the draft as JSON, with a summary in the columns of expected-latest.csv')
    .option(
      '--apply',
      'record the draft through the running service (idempotent: a second import records nothing); ' +
        'acts with a token holding inspection-data (LEDGER_TOKEN or --token-file), or as the local user in local mode',
    );
  withServiceOptions(command).action(
    async (file: string, options: ServiceOptions & { authority?: string; json?: boolean; apply?: boolean }) => {
      // Before the file is read: a wrong --api or a token bound for plain http is refused at once, not after the draft.
      const service = options.apply ? ServiceClient.connect(options) : undefined;
      const size = statSync(file).size;
      if (size > MAX_IMPORT_BYTES)
        throw new ImportRefused(
          'FILE_TOO_LARGE',
          `${basename(file)} is ${(size / 1048576).toFixed(0)} MB; Ofsted's reports are well under ${MAX_IMPORT_BYTES / 1048576} MB`,
        );
      const bytes = readFileSync(file);
      let draft: ImportDraft;
      try {
        // The same worker pool and limits as the service: a hostile file is refused here as it would be there.
        draft = await draftImport(bytes, { fileName: basename(file), laCode: options.authority });
      } finally {
        await closeSharedPdfReaders();
      }
      if (options.json) {
        const { reading, ...rest } = draft;
        process.stdout.write(`${JSON.stringify({ ...rest, fields: reading }, null, 2)}\n`);
      } else {
        process.stdout.write(`${readable(draft)}\n`);
      }
      if (service) {
        if (draft.blockers.length) throw new Error(`nothing recorded: ${draft.blockers.join('; ')}`);
        process.stdout.write(`${await apply(bytes, basename(file), options.authority, service)}\n`);
      }
    },
  );
}
