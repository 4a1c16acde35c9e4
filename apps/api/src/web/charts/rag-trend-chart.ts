import { dateWords } from '../date-words';
import { shortened, svgText } from './svg-text';

/** One grading of a row's target, as the log holds it (corrections applied). */
export interface TrendGrading {
  /** The business date the grade is for (its occurredAt.from): a day, a month or a year. */
  readonly date: string;
  readonly grade: string;
  readonly gradedBy: string;
  readonly corrected: boolean;
}

export interface TrendRow {
  readonly id: string;
  readonly label: string;
  /** Oldest first, as gradeHistory gives them. */
  readonly gradings: readonly TrendGrading[];
}

export interface TrendColumn {
  readonly key: string;
  readonly date: string;
  /** "14 March 2018", or "14 March 2018 (2)" for a second grading the same day. */
  readonly label: string;
  /** Whether a board meeting was held that date. */
  readonly meeting: boolean;
}

export interface RagTrend {
  readonly columns: readonly TrendColumn[];
  /** How many columns there are in all: more than `columns` when only the latest were asked for. */
  readonly totalColumns: number;
  /** Per row, one cell per column: the grading in it, or null where the row was not graded then. */
  readonly cells: readonly { readonly row: TrendRow; readonly cells: readonly (TrendGrading | null)[] }[];
  /** The SVG, every text in it escaped; empty when nothing was graded. */
  readonly svg: string;
}

const LETTERS: Record<string, string> = { red: 'R', amber: 'A', green: 'G', blue: 'B' };
/** GOV.UK's colours, each with a text colour that keeps 4.5:1 on it; the letter says the grade without the colour. */
const FILLS: Record<string, { fill: string; text: string }> = {
  red: { fill: '#d4351c', text: '#ffffff' },
  amber: { fill: '#ffdd00', text: '#0b0c0c' },
  green: { fill: '#00703c', text: '#ffffff' },
  blue: { fill: '#1d70b8', text: '#ffffff' },
};
const OTHER = { fill: '#f3f2f1', text: '#0b0c0c' };

export const letterOf = (grade: string): string => LETTERS[grade.toLowerCase()] ?? grade.slice(0, 1).toUpperCase();

const LABEL_WIDTH = 280;
const CELL_WIDTH = 112;
const CELL_HEIGHT = 34;
const HEADER_HEIGHT = 58;
const FONT = 'font-family="GDS Transport, arial, sans-serif"';

/**
 * The RAG trend of a plan's priorities across its gradings: one column per grading date (a second grading of one
 * priority on the same date gets a column of its own, so every grading has its cell), one row per priority, each cell
 * filled with the grade's colour and labelled with its letter, for readers who cannot tell the colours apart. Pure.
 */
export function ragTrend(rows: readonly TrendRow[], title: string, meetingDates: readonly string[] = [], latest?: number): RagTrend {
  const perDate = new Map<string, number>();
  const meetings = new Set(meetingDates);
  // A meeting that graded nothing still has its column, so the trend reads across every meeting.
  for (const date of meetings) perDate.set(date, 1);
  for (const row of rows) {
    const counts = new Map<string, number>();
    for (const g of row.gradings) counts.set(g.date, (counts.get(g.date) ?? 0) + 1);
    for (const [date, count] of counts) perDate.set(date, Math.max(perDate.get(date) ?? 0, count));
  }
  const allColumns: TrendColumn[] = [...perDate]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([date, count]) =>
      Array.from({ length: count }, (_, i) => ({
        key: `${date}#${i + 1}`,
        date,
        label: count > 1 ? `${dateWords(date)} (${i + 1})` : dateWords(date),
        meeting: meetings.has(date),
      })),
    );
  // The latest columns only, when asked: gradings before them have no cell, and the summary says how many dates there are.
  const columns = latest !== undefined && allColumns.length > latest ? allColumns.slice(allColumns.length - latest) : allColumns;
  const index = new Map(columns.map((c, i) => [c.key, i]));
  const cells = rows.map((row) => {
    const line: (TrendGrading | null)[] = columns.map(() => null);
    const seen = new Map<string, number>();
    for (const g of row.gradings) {
      const n = (seen.get(g.date) ?? 0) + 1;
      seen.set(g.date, n);
      const column = index.get(`${g.date}#${n}`);
      if (column !== undefined) line[column] = g;
    }
    return { row, cells: line };
  });
  const totalColumns = allColumns.length;
  if (columns.length === 0) return { columns, totalColumns, cells, svg: '' };

  const width = LABEL_WIDTH + columns.length * CELL_WIDTH;
  const height = HEADER_HEIGHT + rows.length * CELL_HEIGHT;
  const gradings = cells.reduce((n, line) => n + line.cells.filter((g) => g !== null).length, 0);
  const dates = `${columns.length} ${columns.length === 1 ? 'date' : 'dates'}${totalColumns > columns.length ? ` (the latest of ${totalColumns})` : ''}`;
  const summary = `${title}: ${rows.length} ${rows.length === 1 ? 'row' : 'rows'}, ${gradings} ${gradings === 1 ? 'grading' : 'gradings'} across ${dates}, from ${columns[0].label} to ${columns[columns.length - 1].label}. The grades are in the table below.`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart app-chart--trend" role="img" aria-label="${svgText(summary)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" data-chart="rag-trend">`,
    `<title>${svgText(summary)}</title>`,
  ];
  columns.forEach((column, i) => {
    const x = LABEL_WIDTH + i * CELL_WIDTH + CELL_WIDTH / 2;
    // Two lines, the year below: "20 November" / "2017".
    const cut = column.label.search(/ \d{4}/);
    const first = cut > 0 ? column.label.slice(0, cut) : column.label;
    const second = cut > 0 ? column.label.slice(cut + 1) : '';
    parts.push(`<text ${FONT} font-size="13" text-anchor="middle" x="${x}" y="18" fill="#0b0c0c">${svgText(first)}</text>`);
    if (second) parts.push(`<text ${FONT} font-size="13" text-anchor="middle" x="${x}" y="35" fill="#0b0c0c">${svgText(second)}</text>`);
    if (column.meeting)
      parts.push(`<text ${FONT} font-size="12" font-style="italic" text-anchor="middle" x="${x}" y="51" fill="#505a5f">board</text>`);
  });
  cells.forEach(({ row, cells: line }, r) => {
    const y = HEADER_HEIGHT + r * CELL_HEIGHT;
    parts.push(
      `<text ${FONT} font-size="15" x="4" y="${y + CELL_HEIGHT / 2 + 5}" fill="#0b0c0c">${svgText(shortened(row.label, 34))}</text>`,
    );
    line.forEach((g, c) => {
      const x = LABEL_WIDTH + c * CELL_WIDTH;
      if (!g) {
        parts.push(
          `<rect x="${x + 2}" y="${y + 2}" width="${CELL_WIDTH - 4}" height="${CELL_HEIGHT - 4}" fill="none" stroke="#b1b4b6" stroke-dasharray="3 3"/>`,
        );
        return;
      }
      const colour = FILLS[g.grade.toLowerCase()] ?? OTHER;
      const words = `${row.label}, ${columns[c].label}: ${g.grade} (by ${g.gradedBy})${g.corrected ? ', corrected' : ''}`;
      parts.push(
        `<g data-cell="${svgText(row.id)}" data-date="${svgText(g.date)}" data-grade="${svgText(g.grade)}"><title>${svgText(words)}</title>` +
          `<rect x="${x + 2}" y="${y + 2}" width="${CELL_WIDTH - 4}" height="${CELL_HEIGHT - 4}" fill="${colour.fill}" stroke="#0b0c0c" stroke-width="1"/>` +
          `<text ${FONT} font-size="16" font-weight="700" text-anchor="middle" x="${x + CELL_WIDTH / 2}" y="${y + CELL_HEIGHT / 2 + 6}" fill="${colour.text}">${svgText(letterOf(g.grade))}${g.corrected ? '*' : ''}</text></g>`,
      );
    });
  });
  parts.push('</svg>');
  return { columns, totalColumns, cells, svg: parts.join('') };
}
