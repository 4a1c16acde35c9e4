import { dateWords } from '../date-words';
import { svgText } from './svg-text';

export interface IndicatorSeries {
  readonly indicatorId: string;
  readonly name: string;
  readonly unit: string;
  readonly target?: number;
  readonly direction?: string;
  readonly measurements: readonly { readonly value: number; readonly at: string; readonly note: string | null }[];
}

// Made once: toLocaleString builds a formatter on every call, which took a quarter of a second for a plan page with
// a few thousand measurements (bench:web at 1M events).
const WHOLE = new Intl.NumberFormat('en-GB');
const FRACTION = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** A figure as a board reads it: "65.5%", "12 days", "253". */
export function figure(value: number, unit: string): string {
  const number = (Number.isInteger(value) ? WHOLE : FRACTION).format(value);
  if (unit === 'percent') return `${number}%`;
  if (unit === 'days') return `${number} ${value === 1 ? 'day' : 'days'}`;
  return number;
}

const WIDTH = 640;
const HEIGHT = 260;
const LEFT = 70;
const RIGHT = 20;
const TOP = 20;
const BOTTOM = 50;
const FONT = 'font-family="GDS Transport, arial, sans-serif"';

const dayNumber = (date: string): number => Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000;

/**
 * An indicator's measurements as points joined by a line, in time, against its target drawn as a dashed line (the
 * line labelled, so it is not told by its dash alone). Empty when nothing was measured. Pure.
 */
export function indicatorChart(series: IndicatorSeries): string {
  const points = [...series.measurements].sort((a, b) => a.at.localeCompare(b.at));
  if (points.length === 0) return '';
  const values = points.map((p) => p.value);
  const target = series.target;
  let low = Math.min(0, ...values, ...(target !== undefined ? [target] : []));
  let high = Math.max(...values, ...(target !== undefined ? [target] : []));
  if (series.unit === 'percent') high = Math.max(high, 100);
  if (high === low) high = low + 1;
  const pad = (high - low) * 0.08;
  high += pad;
  if (low < 0) low -= pad;
  const days = points.map((p) => dayNumber(p.at));
  const first = Math.min(...days);
  const last = Math.max(...days);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const xOf = (day: number): number => (last === first ? LEFT + plotWidth / 2 : LEFT + ((day - first) / (last - first)) * plotWidth);
  const yOf = (value: number): number => TOP + plotHeight - ((value - low) / (high - low)) * plotHeight;
  const round = (n: number): string => n.toFixed(1);

  const latest = points[points.length - 1];
  const summary =
    `${series.name}: ${points.length} ${points.length === 1 ? 'measurement' : 'measurements'} from ${dateWords(points[0].at)} to ${dateWords(latest.at)}, ` +
    `latest ${figure(latest.value, series.unit)}` +
    (target !== undefined ? `, against a target of ${figure(target, series.unit)}` : ', no target set') +
    (series.direction ? ` (${series.direction})` : '') +
    '. The figures are in the table beside.';
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart app-chart--indicator" role="img" aria-label="${svgText(summary)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" data-chart="indicator" data-indicator="${svgText(series.indicatorId)}">`,
    `<title>${svgText(summary)}</title>`,
    `<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + plotHeight}" stroke="#505a5f"/>`,
    `<line x1="${LEFT}" y1="${TOP + plotHeight}" x2="${WIDTH - RIGHT}" y2="${TOP + plotHeight}" stroke="#505a5f"/>`,
    `<text ${FONT} font-size="13" text-anchor="end" x="${LEFT - 6}" y="${round(yOf(high - pad) + 4)}" fill="#0b0c0c">${svgText(figure(Number((high - pad).toPrecision(4)), series.unit))}</text>`,
    `<text ${FONT} font-size="13" text-anchor="end" x="${LEFT - 6}" y="${round(yOf(low) + 4)}" fill="#0b0c0c">${svgText(figure(Number(low.toPrecision(4)), series.unit))}</text>`,
    `<text ${FONT} font-size="13" text-anchor="start" x="${LEFT}" y="${HEIGHT - 18}" fill="#0b0c0c">${svgText(dateWords(points[0].at))}</text>`,
  ];
  if (points.length > 1)
    parts.push(
      `<text ${FONT} font-size="13" text-anchor="end" x="${WIDTH - RIGHT}" y="${HEIGHT - 18}" fill="#0b0c0c">${svgText(dateWords(latest.at))}</text>`,
    );
  if (target !== undefined) {
    const y = round(yOf(target));
    parts.push(
      `<g data-target="${target}"><line x1="${LEFT}" y1="${y}" x2="${WIDTH - RIGHT}" y2="${y}" stroke="#00703c" stroke-width="2" stroke-dasharray="8 5"/>` +
        `<text ${FONT} font-size="13" text-anchor="end" x="${WIDTH - RIGHT}" y="${Number(y) - 6}" fill="#005a30">${svgText(`Target ${figure(target, series.unit)}`)}</text></g>`,
    );
  }
  const coordinates = points.map((p, i) => `${round(xOf(days[i]))},${round(yOf(p.value))}`);
  if (points.length > 1) parts.push(`<polyline points="${coordinates.join(' ')}" fill="none" stroke="#1d70b8" stroke-width="3"/>`);
  points.forEach((p, i) => {
    const [x, y] = coordinates[i].split(',');
    parts.push(
      `<g data-point="${svgText(p.at)}" data-value="${p.value}"><title>${svgText(`${dateWords(p.at)}: ${figure(p.value, series.unit)}${p.note ? ` (${p.note})` : ''}`)}</title>` +
        `<circle cx="${x}" cy="${y}" r="5" fill="#1d70b8" stroke="#ffffff" stroke-width="2"/></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
