import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FOCUSED_VISIT_LETTER } from '../libs/ofsted-import/test/sample-documents';
import { graphql } from './support/graphql';
import { startApp, type RunningApp } from './support/running-app';
import { ledgerCommand } from './support/cli';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('importing an Ofsted letter through the service', () => {
  let running: RunningApp;
  let dir: string;

  beforeAll(async () => {
    running = await startApp();
    dir = mkdtempSync(join(tmpdir(), 'ledger-import-'));
  });
  afterAll(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const head = async (): Promise<string> =>
    ((await (await fetch(`${running.baseUrl}/health`)).json()) as { headPosition: string }).headPosition;
  const PREVIEW = `mutation ($input: PreviewImportInput!) { previewImport(input: $input) { previewId documentType blockers summary commands } }`;
  const APPLY = `mutation ($id: String!) { applyImport(previewId: $id) { streamId recorded alreadyRecorded } }`;
  type Preview = { previewImport: { previewId: string; documentType: string; blockers: string[]; summary: unknown; commands: unknown } };
  type Applied = { applyImport: { streamId: string; recorded: number; alreadyRecorded: number } };
  type Timeline = { timeline: { entries: { label: string; kind: string; title?: string }[] } };

  it('previews without recording, applies with the document as source, and records nothing the second time', async () => {
    const preview = await graphql<Preview>(running.baseUrl, PREVIEW, {
      input: { fileName: 'nel-focused-visit.txt', text: FOCUSED_VISIT_LETTER },
    });
    expect(preview.errors).toBeUndefined();
    const { previewId } = preview.data!.previewImport;
    expect(preview.data?.previewImport).toMatchObject({ documentType: 'focused visit', blockers: [], summary: { la_code: '812' } });
    expect(await head()).toBe('0');

    const applied = await graphql<Applied>(running.baseUrl, APPLY, { id: previewId });
    expect(applied.data?.applyImport).toEqual({ streamId: 'authority-812', recorded: 3, alreadyRecorded: 0 });
    const again = await graphql<Applied>(running.baseUrl, APPLY, { id: previewId });
    expect(again.data?.applyImport).toEqual({ streamId: 'authority-812', recorded: 0, alreadyRecorded: 2 });
    expect(await head()).toBe('3');

    const timeline = await graphql<Timeline>(
      running.baseUrl,
      `
        {
          timeline(laCode: "812") {
            entries {
              label
              kind
              title
            }
          }
        }
      `,
    );
    expect(timeline.data?.timeline.entries).toEqual([
      { label: '2 March to 3 March 2021', kind: 'focused visit', title: 'Ofsted focused visit: pathway planning; suitable accommodation' },
      { label: '14 March 2021', kind: 'findings', title: 'Visit findings published: 2 areas to improve' },
    ]);
    const history = await graphql<{ history: { edges: { node: { type: string; commandId: string | null } }[] } }>(
      running.baseUrl,
      `
        {
          history(streamId: "authority-812") {
            edges {
              node {
                type
                commandId
              }
            }
          }
        }
      `,
    );
    expect(history.data?.history.edges.map((e) => e.node.type)).toEqual(['AuthorityRegistered', 'FocusedVisitLogged', 'FindingsRecorded']);
  });

  it('refuses a file that is not an Ofsted document with BAD_USER_INPUT, recording nothing', async () => {
    const before = await head();
    const refused = await graphql<Preview>(running.baseUrl, PREVIEW, {
      input: { fileName: 'minutes.txt', text: 'Minutes of the parish council, 3 March 2021.' },
    });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'text' }] });
    expect(refused.errors?.[0].message).toMatch(/NOT_AN_OFSTED_DOCUMENT/);
    expect(await head()).toBe(before);
    const unknown = await graphql<Applied>(running.baseUrl, APPLY, { id: 'nope' });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('ledger import shows the draft, and --apply records through the service', async () => {
    const file = join(dir, 'letter.txt');
    writeFileSync(
      file,
      FOCUSED_VISIT_LETTER.replaceAll('North East Lincolnshire', 'Rutland').replaceAll('2 and 3 March 2021', '9 and 10 March 2021'),
    );
    const cli = (...args: string[]) => run(process.execPath, [...ledgerCommand(), 'import', file, ...args], { cwd: root });
    const json = JSON.parse((await cli('--dry-run', '--json')).stdout) as { summary: unknown; fields: { fieldwork: unknown } };
    expect(json.summary).toMatchObject({ la_code: '857', inspection_start_date: '2021-03-09' });
    expect(json.fields.fieldwork).toMatchObject({
      status: 'found',
      confidence: expect.any(Number),
      source: { page: 1, line: expect.any(Number) },
    });
    const table = (await cli()).stdout;
    expect(table).toContain('council                    "Rutland (857)"');
    expect(table).toContain('would record 3 commands: RegisterAuthority, LogFocusedVisit, RecordFindings');
    const applied = (await cli('--apply', '--api', running.baseUrl)).stdout;
    expect(applied).toContain('recorded 3 events on authority-857');
    expect((await cli('--apply', '--api', running.baseUrl)).stdout).toContain(
      'recorded 0 events on authority-857 (2 steps were already on record)',
    );
  });

  const report = join(root, '..', 'shared', 'fixtures', 'ofsted', 'reports', 'worcestershire-2023-07-14.pdf');
  (existsSync(report) ? it : it.skip)('puts a shared inspection report (PDF) on the timeline with its judgements', async () => {
    const preview = await graphql<Preview>(running.baseUrl, PREVIEW, {
      input: { fileName: 'worcestershire-2023-07-14.pdf', base64: readFileSync(report).toString('base64') },
    });
    expect(preview.data?.previewImport.blockers).toEqual([]);
    await graphql<Applied>(running.baseUrl, APPLY, { id: preview.data!.previewImport.previewId });
    const authority = await graphql<{ authority: { authority: unknown } }>(
      running.baseUrl,
      `
        {
          authority(laCode: "885") {
            authority {
              latestOverallJudgement
              inspections {
                framework
                kind
                leadInspector
                judgements {
                  judgement
                }
              }
            }
          }
        }
      `,
    );
    expect(authority.data?.authority.authority).toMatchObject({
      latestOverallJudgement: 'good',
      inspections: [
        {
          framework: 'ILACS',
          kind: 'standard',
          leadInspector: 'Rebecca Quested',
          judgements: [
            { judgement: 'good' },
            { judgement: 'good' },
            { judgement: 'requires improvement to be good' },
            { judgement: 'good' },
          ],
        },
      ],
    });
    const timeline = await graphql<Timeline>(
      running.baseUrl,
      `
        {
          timeline(laCode: "885") {
            entries {
              label
              kind
            }
          }
        }
      `,
    );
    expect(timeline.data?.timeline.entries[0]).toEqual({ label: '15 May to 26 May 2023', kind: 'inspection' });
  });
});
