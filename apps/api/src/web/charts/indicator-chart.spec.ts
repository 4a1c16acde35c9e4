import { figure, indicatorChart, type IndicatorSeries } from './indicator-chart';

const timeliness: IndicatorSeries = {
  indicatorId: 'icpc-in-timescale',
  name: 'Conferences in timescale',
  unit: 'percent',
  target: 80,
  direction: 'higher is better',
  measurements: [
    { value: 72, at: '2018-09-05', note: null },
    { value: 65.5, at: '2018-03-31', note: 'at the visit' },
  ],
};

describe('indicatorChart', () => {
  it('draws a point per measurement in date order, joined by a line, against the labelled target', () => {
    const svg = indicatorChart(timeliness);
    const points = [...svg.matchAll(/<g data-point="([^"]+)" data-value="([^"]+)"><title>([^<]+)<\/title><circle cx="([\d.]+)"/g)];
    expect(points.map((m) => [m[1], m[2], m[3]])).toEqual([
      ['2018-03-31', '65.5', '31 March 2018: 65.5% (at the visit)'],
      ['2018-09-05', '72', '5 September 2018: 72%'],
    ]);
    expect(Number(points[0][4])).toBeLessThan(Number(points[1][4]));
    expect(svg).toContain('<polyline points=');
    expect(svg).toMatch(/<g data-target="80"><line [^>]*stroke-dasharray="8 5"\/><text [^>]*>Target 80%<\/text><\/g>/);
    expect(svg).toMatch(
      /role="img" aria-label="Conferences in timescale: 2 measurements from 31 March 2018 to 5 September 2018, latest 72%, against a target of 80% \(higher is better\)/,
    );
  });

  it('draws the target line at its height: above a lower point, below a higher one', () => {
    const svg = indicatorChart({
      ...timeliness,
      measurements: [
        { value: 50, at: '2018-01-01', note: null },
        { value: 95, at: '2018-02-01', note: null },
      ],
    });
    const targetY = Number(/<g data-target="80"><line x1="[\d.]+" y1="([\d.]+)"/.exec(svg)?.[1]);
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys[0]).toBeGreaterThan(targetY);
    expect(ys[1]).toBeLessThan(targetY);
  });

  it('says so when no target is set, and draws no target line', () => {
    const svg = indicatorChart({ ...timeliness, target: undefined, direction: undefined, unit: 'count' });
    expect(svg).toContain('no target set');
    expect(svg).not.toContain('data-target');
  });

  it('draws nothing for an indicator never measured', () => {
    expect(indicatorChart({ ...timeliness, measurements: [] })).toBe('');
  });

  it('escapes names and notes', () => {
    const svg = indicatorChart({
      ...timeliness,
      indicatorId: '"><script>',
      name: '<script>alert(1)</script>',
      measurements: [{ value: 1, at: '2018-01-01', note: '</title><script>x</script>' }],
    });
    expect(svg).not.toMatch(/<script|"><script/);
    expect(svg).toContain('&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;');
  });

  it('writes figures as a board reads them', () => {
    expect([figure(65.5, 'percent'), figure(1, 'days'), figure(12, 'days'), figure(1253, 'count'), figure(0.825, 'ratio')]).toEqual([
      '65.5%',
      '1 day',
      '12 days',
      '1,253',
      '0.83',
    ]);
  });
});
