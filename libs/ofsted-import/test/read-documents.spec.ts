import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authoritiesNamedIn, draftImport, ImportRefused, parseDateRange } from '@plan-ledger/ofsted-import';
import { FOCUSED_VISIT_LETTER, ILACS_REPORT, JTAI_LETTER, minimalPdf, MONITORING_VISIT_LETTER, NOT_OFSTED } from './sample-documents';

const shared = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'fixtures', 'ofsted');
const draftOf = (text: string, fileName = 'letter.txt') => draftImport(Buffer.from(text), { fileName });

async function refusal(run: () => Promise<unknown>): Promise<ImportRefused> {
  try {
    await run();
  } catch (error) {
    return error as ImportRefused;
  }
  throw new Error('expected a refusal');
}

describe('reading dates as Ofsted writes them', () => {
  it.each([
    ['24 October 2016 to 17 November 2016', '2016-10-24', '2016-11-17'],
    ['2 May to 25 May 2017', '2017-05-02', '2017-05-25'],
    ['16 January 2017-9 February 2017', '2017-01-16', '2017-02-09'],
    ['24 February - 20 March 2015', '2015-02-24', '2015-03-20'],
    ['10 to 14 June 2024', '2024-06-10', '2024-06-14'],
    ['08 July 2019 to 19 July 2019', '2019-07-08', '2019-07-19'],
    ['4 and 5 September 2018', '2018-09-04', '2018-09-05'],
    ['31 January and 1 February 2018', '2018-01-31', '2018-02-01'],
    ['29 December to 2 January 2020', '2019-12-29', '2020-01-02'],
    ['12 Sept 2018', '2018-09-12', '2018-09-12'],
    ['7 to 11 March and 21 to 25 March 2022', '2022-03-07', '2022-03-25'],
    ['28 February to 4 March 2022 and 14 to 18 March 2022', '2022-02-28', '2022-03-18'],
  ])('%s', (text, start, end) => {
    expect(parseDateRange(text)).toEqual({ start, end });
  });

  it('refuses what is not a real span', () => {
    expect(parseDateRange('30 February to 2 March 2019')).toBeNull();
    expect(parseDateRange('sometime in spring')).toBeNull();
  });
});

describe('matching councils against the national register', () => {
  it('prefers the longest name, and reads "&" and "and" alike', () => {
    expect(authoritiesNamedIn('Inspection of North East Lincolnshire local authority children’s services').map((a) => a.laCode)).toEqual([
      '812',
    ]);
    expect(authoritiesNamedIn('Telford & Wrekin Council').map((a) => a.name)).toEqual(['Telford & Wrekin']);
    expect(authoritiesNamedIn('Hull City Council').map((a) => a.laCode)).toEqual(['810']);
  });
});

describe('drafts from documents written for these tests', () => {
  it('reads a focused-visit letter: council, dates, inspectors with the lead, no priority actions, what needs to improve', async () => {
    const draft = await draftOf(FOCUSED_VISIT_LETTER);
    expect(draft.documentType).toBe('focused visit');
    expect(draft.summary).toMatchObject({
      la_code: '812',
      local_authority: 'north east lincolnshire',
      inspection_framework: 'focused visit',
      inspector_name: 'amy example',
      inspection_start_date: '2021-03-02',
      inspection_end_date: '2021-03-03',
      publication_date: '2021-03-14',
      overall_effectiveness_grade: null,
    });
    expect(draft.reading.inspectors.value).toEqual([
      { name: 'Amy Example', lead: true },
      { name: 'Ben Sample', lead: false },
    ]);
    expect(draft.reading.areasForPriorityAction).toMatchObject({ status: 'found', value: [] });
    expect(draft.reading.whatNeedsToImprove.value).toEqual([
      'The timeliness of pathway plans for young people turning 18.',
      "The recording of managers' decisions, so that the reasons for them are clear.",
    ]);
    expect(draft.reading.fieldwork.source).toMatchObject({ line: expect.any(Number), page: 1 });
    expect(draft.commands.map((c) => c.command.type)).toEqual(['RegisterAuthority', 'LogFocusedVisit', 'RecordFindings']);
  });

  it('reads a monitoring-visit letter: its number, the judgement it follows, and the signatory as a likely lead', async () => {
    const draft = await draftOf(MONITORING_VISIT_LETTER);
    expect(draft.documentType).toBe('monitoring visit');
    expect(draft.reading.visitNumber.value).toBe(3);
    expect(draft.reading.judgedInadequateIn.value).toBe('March 2018');
    expect(draft.reading.authority.value?.laCode).toBe('894');
    expect(draft.reading.leadInspector).toMatchObject({
      value: 'Carol Example',
      confidence: 0.7,
      note: 'the signatory: the letter marks no lead inspector',
    });
    expect(draft.reading.areasCovered.value).toEqual(['the front door', 'children at risk of exploitation']);
    expect(draft.commands[1].command).toMatchObject({
      type: 'LogMonitoringVisit',
      number: 3,
      follows: 'March 2018',
      fieldwork: { start: '2019-11-19', end: '2019-11-20' },
    });
  });

  it('reads an ILACS judgement table, says what it inferred and what it could not find', async () => {
    const draft = await draftOf(ILACS_REPORT, 'rutland.txt');
    expect(draft.summary).toEqual({
      la_code: '857',
      local_authority: 'rutland',
      inspection_framework: 'standard',
      inspector_name: 'eve example',
      inspection_start_date: '2023-10-02',
      inspection_end_date: '2023-10-13',
      publication_date: null,
      overall_effectiveness_grade: 'good',
      impact_of_leaders_grade: 'good',
      help_and_protection_grade: 'requires improvement',
      in_care_grade: 'good',
      care_leavers_grade: 'outstanding',
    });
    expect(draft.reading.inspectionKind).toMatchObject({ value: 'standard', note: 'inferred: 12 days of fieldwork' });
    expect(draft.publicationDate).toMatchObject({ status: 'not found' });
    expect(draft.commands[1].command).toMatchObject({ type: 'RecordInspection', framework: 'ILACS', overall: 'good' });
  });

  it('reads a joint targeted area inspection letter, with its areas for priority action', async () => {
    const draft = await draftOf(JTAI_LETTER);
    expect(draft.documentType).toBe('joint targeted area inspection');
    expect(draft.summary).toMatchObject({
      la_code: '886',
      inspection_start_date: '2022-04-04',
      inspection_end_date: '2022-04-08',
      publication_date: '2022-05-20',
    });
    expect(draft.reading.areasForPriorityAction.value).toEqual(['The timeliness of strategy discussions when children go missing.']);
    expect(draft.commands[1].command).toMatchObject({
      type: 'LogFocusedVisit',
      kind: 'joint targeted area inspection',
      priorityActionsSet: true,
    });
  });

  it('asks for the council rather than guessing when the title names none, and takes it when given', async () => {
    const anonymous = FOCUSED_VISIT_LETTER.replaceAll('North East Lincolnshire', 'Borsetshire');
    const draft = await draftOf(anonymous);
    expect(draft.reading.authority.status).toBe('not found');
    expect(draft.blockers[0]).toMatch(/council/);
    expect(draft.commands).toEqual([]);
    const given = await draftImport(Buffer.from(anonymous), { fileName: 'letter.txt', laCode: '885' });
    expect(given.reading.authority).toMatchObject({ value: { name: 'Worcestershire' }, confidence: 1 });
  });
});

describe('bad input is refused with a clear reason', () => {
  it.each([
    ['an empty file', Buffer.alloc(0), 'EMPTY_FILE'],
    ['a 50 MB file', Buffer.alloc(50 * 1024 * 1024, 0x20), 'FILE_TOO_LARGE'],
    ['a binary file that is not a PDF', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff]), 'NOT_A_PDF'],
    ['a corrupt PDF', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog'), 'PDF_UNREADABLE'],
    ['a PDF that is not an Ofsted document', minimalPdf('Quarterly newsletter of the allotment society'), 'NOT_AN_OFSTED_DOCUMENT'],
    [
      'an encrypted PDF',
      minimalPdf(
        'Secret',
        '/Encrypt << /Filter /Standard /V 1 /R 2 /O <' +
          'ab'.repeat(32) +
          '> /U <' +
          'cd'.repeat(32) +
          '> /P -44 >> /ID [<' +
          '01'.repeat(16) +
          '> <' +
          '01'.repeat(16) +
          '>] ',
      ),
      'PDF_ENCRYPTED',
    ],
    ['text that is not an Ofsted document', Buffer.from(NOT_OFSTED), 'NOT_AN_OFSTED_DOCUMENT'],
  ])('%s', async (_, bytes, code) => {
    const error = await refusal(() => draftImport(bytes, { fileName: 'upload' }));
    expect(error).toBeInstanceOf(ImportRefused);
    expect(error.code).toBe(code);
    expect(error.message).not.toMatch(/\n\s+at /);
  });
});

(existsSync(shared) ? describe : describe.skip)('the shared Ofsted reports and letters', () => {
  const reports = existsSync(shared) ? readdirSync(join(shared, 'reports')).filter((f) => f.endsWith('.pdf')) : [];
  // Each PDF takes pdf.js 0.3-1 s to read. The reports are read once here and the draft kept for the CSV test below,
  // which checks the same drafts' values (and still reads its files itself when run alone with -t).
  const drafts = new Map<string, ReturnType<typeof draftImport>>();
  const draftOfReport = (file: string): ReturnType<typeof draftImport> => {
    if (!drafts.has(file)) drafts.set(file, draftImport(readFileSync(join(shared, 'reports', file)), { fileName: file }));
    return drafts.get(file)!;
  };

  it.each(reports)('%s is recognised and read without a blocker', async (file) => {
    const draft = await draftOfReport(file);
    expect(['SIF inspection', 'ILACS inspection']).toContain(draft.documentType);
    expect(draft.blockers).toEqual([]);
    expect(file.startsWith(draft.summary.local_authority!)).toBe(true);
    expect(draft.summary.overall_effectiveness_grade).toMatch(/^(outstanding|good|requires improvement|inadequate)$/);
    expect(draft.summary.inspection_start_date! < draft.summary.inspection_end_date!).toBe(true);
    expect(draft.summary.inspector_name).toMatch(/^[a-z' -]+$/);
  });

  it('matches every known value in expected-latest.csv', async () => {
    const [header, ...rows] = readFileSync(join(shared, 'reports', 'expected-latest.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((l) => l.split(',').map((cell) => cell.trim()));
    const isoOf = (date: string): string => {
      const [d, m, y] = date.split('/');
      return `${y.length === 2 ? `20${y}` : y}-${m}-${d}`;
    };
    for (const row of rows) {
      const expected = Object.fromEntries(header.map((column, i) => [column, /_date$/.test(column) ? isoOf(row[i]) : row[i]]));
      const file = reports.find((f) => f.startsWith(expected.local_authority) && f.includes(expected.publication_date))!;
      const draft = await draftOfReport(file);
      expect(draft.summary).toEqual(expected);
    }
  });

  it('reads the monitoring-visit and focused-visit letters', async () => {
    const wirral = await draftImport(readFileSync(join(shared, 'wirral-2018-09-monitoring-visit.txt')), { fileName: 'wirral.txt' });
    expect(wirral.summary).toMatchObject({
      la_code: '344',
      inspection_start_date: '2018-09-04',
      inspection_end_date: '2018-09-05',
      publication_date: '2018-09-27',
    });
    expect(wirral.reading.visitNumber.value).toBe(7);
    expect(wirral.reading.judgedInadequateIn.value).toBe('September 2016');
    const warrington = await draftImport(readFileSync(join(shared, 'warrington-2018-02-focused-visit.txt')), {
      fileName: 'warrington.txt',
    });
    expect(warrington.summary).toMatchObject({ la_code: '877', inspector_name: 'lorna schlechte', publication_date: '2018-02-23' });
    expect(warrington.reading.whatNeedsToImprove.value).toHaveLength(4);
    expect(warrington.reading.areasForPriorityAction.value).toEqual([]);
  });

  it('refuses the improvement-board slides: they are not an Ofsted document', async () => {
    const error = await refusal(() =>
      draftImport(readFileSync(join(shared, 'worcestershire-2017-improvement-slides.txt')), { fileName: 'slides.txt' }),
    );
    expect(error.code).toBe('NOT_AN_OFSTED_DOCUMENT');
  });
});
