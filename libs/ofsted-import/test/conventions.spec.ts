import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  draftImport,
  pagesToRead,
  plainText,
  publicationDate,
  readDocument,
  recogniseDocument,
  opensWithIlacsTable,
  recommendationsRead,
  type SourceLine,
} from '@plan-ledger/ofsted-import';

/**
 * Documents written for these tests in the shapes Ofsted's reports take (title block, judgement table, letters'
 * subject lines and signatures); no text is taken from real reports.
 */
const ILACS_2019_MENTIONING_JTAI = `
1
Brent
Inspection of children's social care services
Inspection dates: 6 May 2019 to 17 May 2019
Lead inspector: Ann Example
Her Majesty's Inspector
Judgement Grade
The impact of leaders on social work practice with children and
families Inadequate
The experiences and progress of children who need help and
protection Inadequate
The experiences and progress of children in care and care
leavers Requires improvement to be good
Overall effectiveness Inadequate
A joint targeted area inspection of the multi-agency response to children living with domestic abuse
took place in 2018. Since then, leaders have not acted on what it found.
Joint targeted area inspection of the multi-agency response was the subject of a letter last year.
`;

const ILACS_2022_TITLE_OVER_LINES = `
Inspection of Bournemouth,
Christchurch and Poole local authority
children's services
Inspection dates: 6 to 17 December 2021
Lead inspector: Ben Example, Her Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Requires improvement
to be good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care and care leavers
Good
Overall effectiveness Requires improvement
to be good
`;

const SIF_SUB_JUDGEMENTS_OVER_LINES = `
1
Darlington
Inspection of services for children in need of help and
protection, children looked after and care leavers
Inspection date: 27 February 2017 to 22 March 2017
Report published: 21 May 2017
Children's services in Darlington require improvement to be
good
1. Children who need help and protection
Requires
improvement to be
good
2. Children looked after and achieving
permanence
Good
2.1 Adoption performance Outstanding
2.2 Experiences and progress of care leavers Requires improvement
3. Leadership, management and governance
Requires
improvement to be
good
`;

const SLAC_2011 = `
Inspection of safeguarding and looked after children services
London Borough of Lambeth
Inspection dates: 7 March 2011 to 18 March 2011
Reporting inspector Cal Example HMI
Safeguarding services
Overall effectiveness Grade 3 (adequate)
Capacity for improvement Grade 2 (good)
Looked after children services
Overall effectiveness Grade 2 (good)
Capacity for improvement Grade 2 (good)
`;

const FOCUSED_VISIT_SIGNED = `
12 July 2019

Dear Ms Director

Focused visit to Wigan children's services

This letter summarises the findings of a focused visit to Wigan children's services on 18 and 19 June 2019. The inspectors were Dee Example HMI and Eli Sample HMI.

Inspectors looked at the local authority's arrangements for children in care, including the quality of permanence planning and the stability of their homes. Inspectors looked specifically at:
- ${'the timeliness and quality of assessments and plans for children who have recently come into care, '.repeat(3)}
- the use of placements with parents, kinship carers and connected persons
- long-term matching and the stability of homes for children in foster care

Yours sincerely

Dee Example HMI
Her Majesty's Inspector
`;

describe('which pages of a PDF are read', () => {
  it("a long report's head and tail; a short one whole", () => {
    expect(pagesToRead(10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(pagesToRead(40)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 39, 40]);
    expect(pagesToRead(12, 6, 0)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  const lines = (...texts: string[]): SourceLine[] => texts.map((text, i) => ({ page: 1, line: i + 1, text }));

  it("a SIF report's head ends once its recommendations have been read to the next section", () => {
    const contents = ['Contents', 'Recommendations 8', 'Summary for children and young people 9'];
    const recommendations = ['Recommendations', '1. Ensure that plans are specific.', 'with clear timescales.', '2. Improve supervision.'];
    expect(recommendationsRead(lines(...contents, ...recommendations))).toBe(false);
    expect(recommendationsRead(lines(...contents, ...recommendations, 'Summary for children and young people'))).toBe(true);
    expect(
      recommendationsRead(
        lines(
          'What does the local authority need to improve?',
          'Priority and immediate action',
          '- Act now.',
          "The local authority's strengths",
        ),
      ),
    ).toBe(true);
  });

  it("an ILACS report's first page is known by its judgement table, however its title wraps or names the council", () => {
    const table = [
      'Judgement Grade',
      'The impact of leaders on social work',
      'practice with children and families',
      'Good',
      'Overall effectiveness Good',
    ];
    expect(opensWithIlacsTable(lines("Inspection of Wirral local authority children's services", ...table))).toBe(true);
    expect(opensWithIlacsTable(lines('Inspection of Wirral local authority', "children's services", ...table))).toBe(true);
    expect(opensWithIlacsTable(lines('Inspection of Doncaster Metropolitan', "Borough Council children's services", ...table))).toBe(true);
    expect(
      opensWithIlacsTable(lines('Inspection of Bournemouth,', 'Christchurch and Poole local authority', "children's services", ...table)),
    ).toBe(true);
    // A SIF cover has overall effectiveness too, but no "Judgement Grade" table.
    expect(
      opensWithIlacsTable(
        lines('Wirral Council', 'Inspection of services for children in need of help and protection', 'Overall effectiveness Good'),
      ),
    ).toBe(false);
  });

  it("a SIF report's numbered paragraphs after a contents entry never end the head, nor does a section before the recommendations", () => {
    const contents = ['Contents', 'Recommendations', '7', 'The experiences and progress of children', '9'];
    const summary = [
      'Executive summary',
      '1. Leaders have improved the front door.',
      '2. Plans are better.',
      'Summary for children and young people',
    ];
    expect(recommendationsRead(lines(...contents, ...summary))).toBe(false);
    // Information about the area comes before the recommendations in SIF: it is no end of them.
    expect(recommendationsRead(lines('Recommendations', '1. Improve plans.', 'Information about this local authority area'))).toBe(false);
    // A number out of turn is the narrative resuming, not the list.
    expect(
      recommendationsRead(
        lines('Recommendations', '1. Improve plans.', '14. The front door is safe.', 'Summary for children and young people'),
      ),
    ).toBe(false);
  });

  it('a recommendations heading with no list under it (a contents page on its own lines) does not end the head', () => {
    expect(recommendationsRead(lines('Recommendations', 'Summary for children and young people', 'The local authority'))).toBe(false);
    expect(recommendationsRead(lines('Recommendations', '8', 'Summary for children and young people', '9'))).toBe(false);
  });
});

const read = (text: string, info?: { createdOn: string }) => readDocument({ ...plainText(text), ...(info ? { info } : {}) });

describe("recognition from the document's own title, not from mentions", () => {
  it('an ILACS report whose opening mentions an earlier JTAI stays an ILACS report, with its judgements', () => {
    const reading = read(ILACS_2019_MENTIONING_JTAI);
    expect(reading.recognition.kind).toBe('ILACS inspection');
    expect(reading.authority.value?.laCode).toBe('304');
    expect(reading.overall.value).toBe('inadequate');
    expect(reading.judgements.filter((j) => j.judgement.status === 'found')).toHaveLength(3);
  });

  it('a title broken over three lines names its council (Bournemouth, Christchurch and Poole)', () => {
    const reading = read(ILACS_2022_TITLE_OVER_LINES);
    expect(reading.recognition.kind).toBe('ILACS inspection');
    expect(reading.authority.value?.laCode).toBe('839');
  });

  it('a council named alone above the title (Brent, North Somerset, Stockton-on-Tees)', () => {
    for (const [name, code] of [
      ['North Somerset', '802'],
      ['Stockton-on-Tees', '808'],
    ]) {
      expect(read(ILACS_2019_MENTIONING_JTAI.replace('Brent', name)).authority.value?.laCode).toBe(code);
    }
  });

  it('a mention alone is not a title: running text about a JTAI is not recognised as one', () => {
    expect(
      recogniseDocument(plainText('The council told us that a joint targeted area inspection of its services took place.')),
    ).toBeUndefined();
  });
});

describe("Ofsted's conventions: which judgements each framework made", () => {
  it('ILACS before January 2023: one judgement for children in care and care leavers, none for care leavers alone', async () => {
    const draft = await draftImport(Buffer.from(ILACS_2019_MENTIONING_JTAI), { fileName: 'brent.txt' });
    expect(draft.summary.in_care_grade).toBe('requires improvement');
    expect(draft.summary.care_leavers_grade).toBe('inspection pre-dates judgement');
    const careLeavers = draft.reading.judgements.find((j) => j.summaryArea === 'care_leavers')!;
    expect(careLeavers.judgement).toMatchObject({ status: 'not judged', value: null });
    expect(careLeavers.judgement.note).toMatch(/^not judged \(/);
    const recorded = draft.commands.find((c) => c.command.type === 'RecordInspection')!.command.judgements as { area: string }[];
    expect(recorded.map((j) => j.area)).toEqual([
      'the impact of leaders on social work practice with children and families',
      'the experiences and progress of children who need help and protection',
      'the experiences and progress of children in care and care leavers',
    ]);
  });

  it('SIF: the numbered judgements and both sub-judgements, grades broken over lines', () => {
    const reading = read(SIF_SUB_JUDGEMENTS_OVER_LINES);
    expect(reading.recognition.kind).toBe('SIF inspection');
    expect(Object.fromEntries(reading.judgements.map((j) => [j.area, j.judgement.value]))).toEqual({
      'children who need help and protection': 'requires improvement to be good',
      'children looked after and achieving permanence': 'good',
      'adoption performance': 'outstanding',
      'experiences and progress of care leavers': 'requires improvement to be good',
      'leadership, management and governance': 'requires improvement to be good',
    });
    expect(reading.judgements.find((j) => j.area === 'adoption performance')?.within).toBe(
      'children looked after and achieving permanence',
    );
    expect(reading.overall.value).toBe('requires improvement to be good');
  });

  it('2009-2012 SLAC: read on its own scale ("adequate") and recorded under its own framework, never as SIF or ILACS', async () => {
    const draft = await draftImport(Buffer.from(SLAC_2011), { fileName: 'lambeth.txt' });
    expect(draft.documentType).toBe('SLAC inspection');
    expect(draft.reading.overall.value).toBe('adequate');
    expect(draft.summary).toMatchObject({
      la_code: '208',
      inspection_framework: 'slac',
      overall_effectiveness_grade: 'adequate',
      in_care_grade: 'inspection pre-dates judgement',
      care_leavers_grade: 'inspection pre-dates judgement',
    });
    expect(
      draft.reading.judgements.find((j) => j.area === 'services for looked after children: overall effectiveness')?.judgement.value,
    ).toBe('good');
    expect(draft.blockers).toEqual([]);
    expect(draft.commands.find((c) => c.command.type === 'RecordInspection')?.command).toEqual({
      type: 'RecordInspection',
      inspectionId: 'slac-inspection-208-2011-03-07',
      framework: 'SLAC 2009-2012',
      kind: 'standard',
      fieldwork: { start: '2011-03-07', end: '2011-03-18' },
      inspectors: [{ name: 'Cal Example', lead: true }],
      judgements: [
        { area: 'safeguarding services: overall effectiveness', judgement: 'adequate' },
        { area: 'safeguarding services: capacity for improvement', judgement: 'good' },
        { area: 'services for looked after children: overall effectiveness', judgement: 'good' },
        { area: 'services for looked after children: capacity for improvement', judgement: 'good' },
      ],
      overall: 'adequate',
    });
  });
});

describe('publication date', () => {
  it('is exact when the report states it', () => {
    expect(read(SIF_SUB_JUDGEMENTS_OVER_LINES, { createdOn: '2017-05-19' }).publication).toMatchObject({
      status: 'found',
      value: '2017-05-21',
    });
  });

  it("is a span from the PDF's creation date when it does not, with the reason", () => {
    const field = read(ILACS_2019_MENTIONING_JTAI, { createdOn: '2019-07-01' }).publication;
    expect(field).toMatchObject({ status: 'found', value: '2019-07-01/2019-07-08' });
    expect(field.note).toMatch(/created on 2019-07-01.*0 to 7 days/);
    expect(field.confidence).toBeGreaterThan(0.5);
  });

  it("takes the file name's date only inside that span", () => {
    expect(publicationDate({ createdOn: '2019-07-01', fileName: 'brent-2019-07-02.pdf' }).value).toBe('2019-07-02');
    expect(publicationDate({ createdOn: '2019-07-01', fileName: 'brent-2020-01-01.pdf' }).value).toBe('2019-07-01/2019-07-08');
  });
});

describe('letters', () => {
  it("a signed letter that marks no lead: the signatory is the lead, at the stated confidence; the theme is a title's length", async () => {
    const draft = await draftImport(Buffer.from(FOCUSED_VISIT_SIGNED), { fileName: 'wigan.txt' });
    expect(draft.reading.leadInspector).toMatchObject({ value: 'Dee Example', confidence: 0.7 });
    expect(draft.reading.leadInspector.note).toMatch(/signatory/);
    expect(draft.reading.inspectors.value).toEqual([
      { name: 'Dee Example', lead: true },
      { name: 'Eli Sample', lead: false },
    ]);
    const theme = String(draft.commands.find((c) => c.command.type === 'LogFocusedVisit')!.command.theme);
    expect(theme).toMatch(/^children in care, including the quality of permanence planning/);
    expect(theme.length).toBeLessThanOrEqual(200);
    expect(theme).not.toMatch(/see the letter/);
  });
});

const shared = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'fixtures', 'ofsted');
const earlier = join(shared, 'reports-earlier');

(existsSync(earlier) ? describe : describe.skip)('the 41 earlier shared reports (SIF and ILACS, 2015-2022)', () => {
  const files = existsSync(earlier) ? readdirSync(earlier).filter((f) => f.endsWith('.pdf')) : [];
  const index = existsSync(earlier)
    ? new Map(
        readFileSync(join(earlier, 'INDEX.csv'), 'utf8')
          .trim()
          .split(/\r?\n/)
          .slice(1)
          .map((row): [string, string] => {
            const [file, name] = row.split(',').map((cell) => cell.replace(/"/g, ''));
            return [file, name];
          }),
      )
    : new Map<string, string>();

  it.each(files)('%s: its council, every judgement column, no blocker', async (file) => {
    const draft = await draftImport(readFileSync(join(earlier, file)), { fileName: file });
    expect(draft.blockers).toEqual([]);
    // Fifteen of them mention a JTAI, a focused or a monitoring visit in their body: the title alone decides.
    expect(['SIF inspection', 'SIF re-inspection', 'ILACS inspection']).toContain(draft.documentType);
    expect(draft.documentType.startsWith('SIF')).toBe(
      /^(?:Re-)?inspection of services for children in need/im.test(draft.reading.recognition.evidence.text),
    );
    expect(draft.summary.la_code).toMatch(/^\d{3}$/);
    // The index names councils its own way ("london corporation", "bournemouth christchurch poole"): its first word.
    expect(draft.summary.local_authority).toContain(index.get(file)!.split(' ')[0]);
    for (const column of ['impact_of_leaders_grade', 'help_and_protection_grade', 'in_care_grade', 'care_leavers_grade'] as const)
      expect(draft.summary[column]).toMatch(/^(outstanding|good|requires improvement|inadequate|inspection pre-dates judgement)$/);
    expect(draft.summary.publication_date).toMatch(/^\d{4}-\d{2}-\d{2}(\/\d{4}-\d{2}-\d{2})?$/);
  });
});

describe('title forms', () => {
  it("a council's name and the title on one line, as text copied from a web page has it", () => {
    const reading = read(
      SIF_SUB_JUDGEMENTS_OVER_LINES.replace(
        'Darlington\nInspection of services for children in need of help and',
        'Manchester City Council Re-inspection of services for children in need of help and',
      ),
    );
    expect(reading.recognition.kind).toBe('SIF re-inspection');
    expect(reading.authority.value?.laCode).toBe('352');
  });

  it('a child protection inspection of 2012-13, on its own scale', () => {
    const reading = read(`
Inspection of local authority arrangements for the protection of children
Bristol City Council
Inspection dates: 10 September 2012 to 19 September 2012
Lead inspector: Fen Example HMI
Overall effectiveness Adequate
The effectiveness of the help and protection provided to children, young people, families and carers Adequate
The quality of practice Adequate
Leadership and governance Good
`);
    expect(reading.recognition.kind).toBe('child protection inspection');
    expect(reading.authority.value?.laCode).toBe('801');
    expect(reading.overall.value).toBe('adequate');
    expect(reading.judgements.find((j) => j.summaryArea === 'impact_of_leaders')?.judgement.value).toBe('good');
    expect(reading.judgements.find((j) => j.summaryArea === 'in_care')?.judgement.status).toBe('not judged');
  });
});

describe('the pandemic assurance visits (2020-21)', () => {
  it('are recognised as themselves and logged as focused visits that say so', async () => {
    const letter = `
20 October 2020

Dear Mr Director

Assurance visit to Sefton local authority children's services

This letter summarises the findings of the assurance visit to Sefton local authority children's services on 6 and 7 October 2020. The inspectors were Gil Example HMI and Hal Sample HMI.

This visit looked at the local authority's arrangements for children in care during the COVID-19 pandemic.

Yours sincerely

Gil Example
Her Majesty's Inspector
`;
    const draft = await draftImport(Buffer.from(letter), { fileName: 'sefton.txt' });
    expect(draft.documentType).toBe('assurance visit');
    expect(draft.summary).toMatchObject({ la_code: '343', inspection_start_date: '2020-10-06', inspector_name: 'gil example' });
    expect(draft.commands.find((c) => c.command.type === 'LogFocusedVisit')?.command).toMatchObject({
      kind: 'focused visit',
      theme: 'assurance visit: children in care during the COVID-19 pandemic',
    });
  });
});

describe('the unannounced inspections of contact, referral and assessment (2009-2013)', () => {
  const UNANNOUNCED_2011 = `
Ofsted unannounced inspection of contact, referral and assessment arrangements within local authority children's services
Local authority: Derby City Council
Inspection dates: 5 and 6 July 2011
Reporting inspector Ivy Example HMI
The inspection findings
Strengths
- Thresholds for referral are understood by partner agencies.
- Managers oversee
  every referral within a day.
Areas for development
In order to improve the quality of provision the local authority and its partners should take the following action.
Within three months:
- ensure that initial assessments are completed on time
- address the
areas for development identified at the last visit
Within six months:
- record the views of children in every assessment.
About this inspection
`;

  it('are recognised, with no overall judgement to find: not judged, and not refused', async () => {
    const draft = await draftImport(Buffer.from(UNANNOUNCED_2011), { fileName: 'derby.txt' });
    expect(draft.documentType).toBe('unannounced inspection');
    expect(draft.reading.overall).toMatchObject({ status: 'not judged', value: null });
    expect(draft.summary).toMatchObject({
      la_code: '831',
      inspection_start_date: '2011-07-05',
      care_leavers_grade: 'inspection pre-dates judgement',
    });
    expect(draft.blockers).toEqual([]);
  });

  it('are logged as an unannounced inspection (no overall judgement), with their strengths and areas for development as findings', async () => {
    const draft = await draftImport(Buffer.from(UNANNOUNCED_2011), { fileName: 'derby.txt' });
    expect(draft.commands.map((c) => c.command.type)).toEqual(['RegisterAuthority', 'LogFocusedVisit', 'RecordFindings']);
    expect(draft.commands[1].command).toMatchObject({
      kind: 'unannounced inspection',
      theme: 'contact, referral and assessment arrangements',
      fieldwork: { start: '2011-07-05', end: '2011-07-06' },
      inspectors: [{ name: 'Ivy Example', lead: true }],
    });
    expect(draft.commands[2].command).toMatchObject({
      strengths: ['Thresholds for referral are understood by partner agencies.', 'Managers oversee every referral within a day.'],
      weaknesses: [
        'ensure that initial assessments are completed on time',
        'address the areas for development identified at the last visit',
        'record the views of children in every assessment.',
      ],
    });
  });
});

describe('fieldwork', () => {
  it('in two parts, the dates running on to the next line: from the first day to the last', () => {
    const reading = read(
      ILACS_2022_TITLE_OVER_LINES.replace(
        'Inspection dates: 6 to 17 December 2021',
        'Inspection dates: 28 February to 4 March 2022 and 14\nto 18 March 2022',
      ),
    );
    expect(reading.fieldwork).toMatchObject({ status: 'found', value: { start: '2022-02-28', end: '2022-03-18' } });
  });
});
