import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FOCUSED_VISIT_LETTER } from '../libs/ofsted-import/test/sample-documents';
import { graphql } from './support/graphql';
import { startApp, type RunningApp } from './support/running-app';
import { ledgerCommand, runLedger } from './support/cli';

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
  const PREVIEW = `mutation ($input: PreviewImportInput!) { previewImport(input: $input) { previewId documentType blockers summary commands match } }`;
  const APPLY = `mutation ($id: String!) { applyImport(previewId: $id) { streamId recorded alreadyRecorded match } }`;
  type Match = { status: string; changes: { field: string; old: unknown; new: unknown }[]; commands: { command: { type: string } }[] };
  type Preview = {
    previewImport: {
      previewId: string;
      documentType: string;
      blockers: string[];
      summary: unknown;
      commands: unknown;
      match: Match | null;
    };
  };
  type Applied = { applyImport: { streamId: string; recorded: number; alreadyRecorded: number; match: string } };
  type Timeline = { timeline: { entries: { label: string; kind: string; title?: string }[] } };

  it('previews without recording, applies with the document as source, and records nothing the second time', async () => {
    const preview = await graphql<Preview>(running.baseUrl, PREVIEW, {
      input: { fileName: 'nel-focused-visit.txt', text: FOCUSED_VISIT_LETTER },
    });
    expect(preview.errors).toBeUndefined();
    const { previewId } = preview.data!.previewImport;
    expect(preview.data?.previewImport).toMatchObject({
      documentType: 'focused visit',
      blockers: [],
      summary: { la_code: '812' },
      match: { status: 'new', changes: [] },
    });
    expect(await head()).toBe('0');

    const applied = await graphql<Applied>(running.baseUrl, APPLY, { id: previewId });
    expect(applied.data?.applyImport).toEqual({ streamId: 'authority-812', recorded: 3, alreadyRecorded: 0, match: 'new' });
    const again = await graphql<Applied>(running.baseUrl, APPLY, { id: previewId });
    expect(again.data?.applyImport).toEqual({ streamId: 'authority-812', recorded: 0, alreadyRecorded: 2, match: 'already on record' });
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
      { label: '2 March to 3 March 2021', kind: 'focused visit', title: 'Ofsted focused visit: care leavers' },
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

  it('records a 2009-2012 SLAC report under its own framework, on its own scale, and finds the council by "adequate"', async () => {
    const slac = [
      'Inspection of safeguarding and looked after children services',
      'Cornwall Council',
      'Inspection dates: 8 November 2010 to 19 November 2010',
      'Reporting inspector Lee Sample HMI',
      'Safeguarding services',
      'Overall effectiveness Grade 3 (adequate)',
      'Capacity for improvement Grade 2 (good)',
      'Looked after children services',
      'Overall effectiveness Grade 3 (adequate)',
      'Capacity for improvement Grade 3 (adequate)',
    ].join('\n');
    const preview = await graphql<Preview>(running.baseUrl, PREVIEW, { input: { fileName: 'cornwall-slac.txt', text: slac } });
    expect(preview.data?.previewImport).toMatchObject({ documentType: 'SLAC inspection', blockers: [] });
    const applied = await graphql<Applied>(running.baseUrl, APPLY, { id: preview.data!.previewImport.previewId });
    expect(applied.data?.applyImport).toMatchObject({ streamId: 'authority-908', match: 'new' });
    const answer = await graphql<{ authority: { authority: unknown }; authorities: { edges: { node: { laCode: string } }[] } }>(
      running.baseUrl,
      `
        {
          authority(laCode: "908") {
            authority {
              latestOverallJudgement
              inspections {
                framework
                overall
                judgements {
                  judgement
                }
              }
            }
          }
          authorities(latestJudgement: "adequate") {
            edges {
              node {
                laCode
              }
            }
          }
        }
      `,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.authority.authority).toEqual({
      latestOverallJudgement: 'adequate',
      inspections: [
        {
          framework: 'SLAC 2009-2012',
          overall: 'adequate',
          judgements: [{ judgement: 'adequate' }, { judgement: 'good' }, { judgement: 'adequate' }, { judgement: 'adequate' }],
        },
      ],
    });
    expect(answer.data?.authorities.edges.map((e) => e.node.laCode)).toContain('908');
  });

  it('logs a 2009-2013 unannounced inspection (no overall judgement) on the timeline, with its findings', async () => {
    const unannounced = [
      "Ofsted unannounced inspection of contact, referral and assessment arrangements within local authority children's services",
      'Local authority: Derby City Council',
      'Inspection dates: 5 and 6 July 2011',
      'Reporting inspector: Ivy Example HMI',
      'Strengths',
      '- Thresholds for referral are understood by partner agencies.',
      'Areas for development',
      '- Complete initial assessments on time.',
      '- Record the views of children.',
    ].join('\n');
    const preview = await graphql<Preview>(running.baseUrl, PREVIEW, { input: { fileName: 'derby-2011.txt', text: unannounced } });
    expect(preview.data?.previewImport).toMatchObject({ documentType: 'unannounced inspection', blockers: [], match: { status: 'new' } });
    const applied = await graphql<Applied>(running.baseUrl, APPLY, { id: preview.data!.previewImport.previewId });
    expect(applied.data?.applyImport).toEqual({ streamId: 'authority-831', recorded: 3, alreadyRecorded: 0, match: 'new' });
    const timeline = await graphql<Timeline>(
      running.baseUrl,
      `
        {
          timeline(laCode: "831") {
            entries {
              label
              kind
              title
            }
          }
        }
      `,
    );
    expect(timeline.errors).toBeUndefined();
    expect(timeline.data?.timeline.entries[0]).toEqual({
      label: '5 July to 6 July 2011',
      kind: 'focused visit',
      title: 'Ofsted unannounced inspection: contact, referral and assessment arrangements',
    });
    expect(timeline.data?.timeline.entries[1]).toMatchObject({ kind: 'findings' });
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
    expect(applied).toContain('new: recorded 3 events on authority-857');
    expect((await cli('--apply', '--api', running.baseUrl)).stdout).toContain(
      'already on record: recorded 0 events on authority-857 (2 steps were already on record)',
    );
  });

  const wirral = join(root, '..', 'shared', 'fixtures', 'ofsted', 'reports', 'wirral-2019-07-29.pdf');
  (existsSync(wirral) ? it : it.skip)(
    'records a shared report once with the report as its source; imported again, the report is already attached and nothing is recorded',
    async () => {
      const apply = async () => {
        const preview = await graphql<Preview>(running.baseUrl, PREVIEW, {
          input: { fileName: 'wirral-2019-07-29.pdf', base64: readFileSync(wirral).toString('base64') },
        });
        expect(preview.data?.previewImport.blockers).toEqual([]);
        return graphql<{ applyImport: Applied['applyImport'] & { document: string } }>(
          running.baseUrl,
          `
            mutation ($id: String!) {
              applyImport(previewId: $id) {
                streamId
                recorded
                alreadyRecorded
                match
                document
              }
            }
          `,
          { id: preview.data!.previewImport.previewId },
        );
      };
      const first = await apply();
      expect(first.errors).toBeUndefined();
      expect(first.data?.applyImport).toMatchObject({ match: 'new', document: 'recorded with the entry' });
      expect(first.data!.applyImport.recorded).toBeGreaterThanOrEqual(2);
      const headAfterFirst = await head();

      const second = await apply();
      expect(second.data?.applyImport).toMatchObject({ recorded: 0, match: 'already on record', document: 'already attached' });
      expect(await head()).toBe(headAfterFirst);

      const sha256 = createHash('sha256').update(readFileSync(wirral)).digest('hex');
      const inspections = await graphql<{ authority: { authority: { inspections: { sources: { sha256: string | null }[] }[] } } }>(
        running.baseUrl,
        `
          {
            authority(laCode: "344") {
              authority {
                inspections {
                  sources {
                    sha256
                  }
                }
              }
            }
          }
        `,
      );
      expect(inspections.data?.authority.authority.inspections.map((i) => i.sources)).toEqual([[{ sha256 }]]);
    },
  );

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

  it('ledger import DIR: a folder in one process, a table, JSON lines, and a non-zero exit when one document is refused', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a-letter.txt'), FOCUSED_VISIT_LETTER);
    writeFileSync(join(folder, 'b-minutes.txt'), 'Minutes of the parish council, 3 March 2021.');
    writeFileSync(join(folder, 'notes.csv'), 'not a document');
    const table = await runLedger(['import', folder]);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/a-letter\.txt\s+focused visit\s+North East Lincolnshire \(812\)\s+\d+\s+\d+\s+\d+\s+not checked/);
    expect(table.stdout).toMatch(/b-minutes\.txt\s+REFUSED\s+NOT_AN_OFSTED_DOCUMENT/);
    expect(table.stdout).not.toContain('notes.csv');
    expect(table.stderr).toContain('1 of 2 documents refused: b-minutes.txt (NOT_AN_OFSTED_DOCUMENT)');
    const lines = (await runLedger(['import', folder, '--json'])).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { file: string; summary?: { la_code: string }; refused?: { code: string } });
    expect(lines.map((l) => [l.file, l.summary?.la_code ?? l.refused?.code])).toEqual([
      ['a-letter.txt', '812'],
      ['b-minutes.txt', 'NOT_AN_OFSTED_DOCUMENT'],
    ]);
  });
});

describe("importing Worcestershire's published report onto the demo store", () => {
  const report = join(root, '..', 'shared', 'fixtures', 'ofsted', 'reports', 'worcestershire-2017-01-24.pdf');
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
  });
  afterAll(async () => {
    await running.stop();
  });
  const PREVIEW = `mutation ($input: PreviewImportInput!) { previewImport(input: $input) { previewId match } }`;
  const APPLY = `mutation ($id: String!) { applyImport(previewId: $id) { recorded match document } }`;
  type Changes = { field: string; old: unknown; new: unknown }[];
  const INSPECTIONS = `{ authority(laCode: "885") { authority { inspections { inspectionId overall judgements { area judgement } findings { recommendations } } } } }`;
  type Inspections = {
    authority: {
      authority: {
        inspections: { inspectionId: string; overall: string; judgements: { area: string }[]; findings: { recommendations: string[] }[] }[];
      };
    };
  };

  (existsSync(report) ? it : it.skip)(
    'matches the inspection on record and corrects it: no second inspection, no second findings',
    async () => {
      const before = await graphql<Inspections>(running.baseUrl, INSPECTIONS);
      const sif2016 = before.data!.authority.authority.inspections.filter((i) => i.inspectionId === 'worcestershire-sif-2016');
      expect(sif2016).toHaveLength(1);
      const count = before.data!.authority.authority.inspections.length;

      // ledger import --check: the match and each field's old and new value, nothing recorded.
      const checked = await runLedger(['import', report, '--check', '--api', running.baseUrl]);
      expect(checked.code).toBe(0);
      expect(checked.stdout).toMatch(/^differs: worcestershire-sif-2016 is on record/m);
      expect(checked.stdout).toMatch(/^ {2}inspection\.judgements: \[\] -> \[/m);

      const preview = await graphql<{ previewImport: { previewId: string; match: { status: string; changes: Changes } } }>(
        running.baseUrl,
        PREVIEW,
        { input: { fileName: 'worcestershire-2017-01-24.pdf', base64: readFileSync(report).toString('base64') } },
      );
      expect(preview.errors).toBeUndefined();
      const match = preview.data!.previewImport.match;
      expect(match.status).toBe('differs');
      const fields = match.changes.map((c) => c.field);
      expect(fields).toEqual(expect.arrayContaining(['inspection.judgements', 'inspection.inspectors', 'findings.recommendations']));
      expect(match.changes.find((c) => c.field === 'inspection.judgements')?.old).toEqual([]);

      const applied = await graphql<{ applyImport: { recorded: number; match: string } }>(running.baseUrl, APPLY, {
        id: preview.data!.previewImport.previewId,
      });
      expect(applied.errors).toBeUndefined();
      // The inspection's and its findings' corrections, and the report attached as the inspection's source.
      expect(applied.data?.applyImport).toEqual({ recorded: 3, match: 'differs', document: 'attached as a source' });
      const sha256 = createHash('sha256').update(readFileSync(report)).digest('hex');
      const sources = await graphql<{ authority: { authority: { inspections: { inspectionId: string; sources: unknown[] }[] } } }>(
        running.baseUrl,
        `
          {
            authority(laCode: "885") {
              authority {
                inspections {
                  inspectionId
                  sources {
                    title
                    publisher
                    sha256
                    publishedAt {
                      from
                    }
                    attachedAt
                  }
                }
              }
            }
          }
        `,
      );
      const sif = sources.data!.authority.authority.inspections.find((i) => i.inspectionId === 'worcestershire-sif-2016')!;
      expect(sif.sources).toEqual([
        // The board's slides the demo recorded it from, named by title only.
        {
          title: expect.stringMatching(/board presentation/),
          publisher: null,
          sha256: null,
          publishedAt: null,
          attachedAt: expect.any(String),
        },
        {
          title: expect.stringMatching(/Worcestershire/),
          publisher: 'Ofsted',
          sha256,
          publishedAt: expect.objectContaining({ from: expect.stringMatching(/^2017-01/) }),
          attachedAt: expect.any(String),
        },
      ]);

      const after = (await graphql<Inspections>(running.baseUrl, INSPECTIONS)).data!.authority.authority.inspections;
      expect(after).toHaveLength(count);
      const corrected = after.find((i) => i.inspectionId === 'worcestershire-sif-2016')!;
      expect(corrected.judgements.length).toBeGreaterThanOrEqual(4);
      expect(corrected.findings).toHaveLength(1);
      expect(corrected.findings[0].recommendations[0]).not.toMatch(/text in the published report/);

      const again = await graphql<{ previewImport: { previewId: string; match: { status: string } } }>(running.baseUrl, PREVIEW, {
        input: { fileName: 'worcestershire-2017-01-24.pdf', base64: readFileSync(report).toString('base64') },
      });
      expect(again.data?.previewImport.match.status).toBe('already on record');
      expect(
        (await graphql<{ applyImport: { recorded: number } }>(running.baseUrl, APPLY, { id: again.data!.previewImport.previewId })).data,
      ).toEqual({ applyImport: { recorded: 0, match: 'already on record', document: 'already attached' } });
    },
  );
});
