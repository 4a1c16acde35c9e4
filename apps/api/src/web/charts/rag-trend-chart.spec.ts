import { ragTrend, type TrendRow } from './rag-trend-chart';

const rows: TrendRow[] = [
  {
    id: 'front-door',
    label: 'Family Front Door',
    gradings: [
      { date: '2017-09', grade: 'red', gradedBy: 'board', corrected: false },
      { date: '2018-01-15', grade: 'amber', gradedBy: 'board', corrected: true },
    ],
  },
  { id: 'early-help', label: 'Early help', gradings: [{ date: '2018-01-15', grade: 'green', gradedBy: 'commissioner', corrected: false }] },
  { id: 'culture', label: 'Culture', gradings: [] },
];

describe('ragTrend', () => {
  it('has one column per grading date, oldest first, and one labelled cell per grading', () => {
    const trend = ragTrend(rows, 'RAG trend');
    expect(trend.columns.map((c) => c.label)).toEqual(['September 2017', '15 January 2018']);
    const cells = [
      ...trend.svg.matchAll(
        /<g data-cell="([^"]+)" data-date="([^"]+)" data-grade="([^"]+)"><title>([^<]+)<\/title>.*?>([A-Z])\*?<\/text><\/g>/g,
      ),
    ];
    expect(cells.map((m) => [m[1], m[2], m[3], m[5]])).toEqual([
      ['front-door', '2017-09', 'red', 'R'],
      ['front-door', '2018-01-15', 'amber', 'A'],
      ['early-help', '2018-01-15', 'green', 'G'],
    ]);
    expect(cells[1][4]).toBe('Family Front Door, 15 January 2018: amber (by board), corrected');
    expect(trend.svg).toContain('fill="#d4351c"');
    expect(trend.svg).toMatch(/^<svg [^>]*role="img" aria-label="RAG trend: 3 rows, 3 gradings across 2 dates/);
  });

  it('gives the table the same cells, empty where a priority was not graded', () => {
    const trend = ragTrend(rows, 'RAG trend');
    expect(trend.cells.map(({ cells }) => cells.map((g) => g?.grade ?? null))).toEqual([
      ['red', 'amber'],
      [null, 'green'],
      [null, null],
    ]);
  });

  it('gives a second grading on the same date its own column, so no grading is hidden', () => {
    const twice: TrendRow[] = [
      {
        id: 'p',
        label: 'P',
        gradings: [
          { date: '2018-01-15', grade: 'red', gradedBy: 'board', corrected: false },
          { date: '2018-01-15', grade: 'blue', gradedBy: 'commissioner', corrected: false },
        ],
      },
    ];
    const trend = ragTrend(twice, 'T');
    expect(trend.columns.map((c) => c.label)).toEqual(['15 January 2018 (1)', '15 January 2018 (2)']);
    expect(trend.svg.match(/data-cell=/g)).toHaveLength(2);
    expect(trend.svg).toContain('>B</text>');
  });

  it('gives a board meeting that graded nothing its own column, empty, and marks meeting columns', () => {
    const trend = ragTrend(rows, 'RAG trend', ['2017-12-11', '2018-01-15']);
    expect(trend.columns.map((c) => [c.date, c.meeting])).toEqual([
      ['2017-09', false],
      ['2017-12-11', true],
      ['2018-01-15', true],
    ]);
    expect(trend.cells[0].cells.map((g) => g?.grade ?? null)).toEqual(['red', null, 'amber']);
    expect(trend.svg.match(/data-cell=/g)).toHaveLength(3);
    expect(trend.svg.match(/>board<\/text>/g)).toHaveLength(2);
  });

  it('escapes whatever the log holds', () => {
    const hostile: TrendRow[] = [
      {
        id: 'x"><script>',
        label: '<script>alert(1)</script> & "quotes"',
        gradings: [{ date: '2018-01-15', grade: '<b>red', gradedBy: 'board', corrected: false }],
      },
    ];
    const { svg } = ragTrend(hostile, 'Trend of <i>');
    expect(svg).not.toMatch(/<script|<b>|<i>|"><script/);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(svg).toContain('data-grade="&lt;b&gt;red"');
  });

  it('draws nothing when nothing was graded', () => {
    expect(ragTrend([{ id: 'p', label: 'P', gradings: [] }], 'T').svg).toBe('');
  });
});
