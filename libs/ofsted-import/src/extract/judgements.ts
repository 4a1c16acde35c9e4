import type { Judgement } from '@plan-ledger/domain';
import type { DocumentReader } from './document-reader';
import { found, notFound, type ExtractedField } from './extracted-field';

export type SummaryArea = 'impact_of_leaders' | 'help_and_protection' | 'in_care' | 'care_leavers';

export interface AreaJudgementField {
  readonly area: string;
  readonly summaryArea: SummaryArea | null;
  readonly judgement: ExtractedField<Judgement>;
}

const GRADE = '(outstanding|good|requires improvement to be good|requires improvement|require improvement|inadequate|adequate)';

export function toJudgement(word: string): Judgement | undefined {
  const w = word.toLowerCase().trim();
  if (w === 'outstanding' || w === 'good' || w === 'inadequate') return w;
  if (w.startsWith('require')) return 'requires improvement to be good';
  return undefined; // 'adequate' belongs to the frameworks before 2013
}

/** ILACS (2018-): the judgement table at the front of the report. */
const ILACS_AREAS: { area: string; label: RegExp; summaryArea: SummaryArea | null }[] = [
  {
    area: 'the impact of leaders on social work practice with children and families',
    label: /impact of leaders on social work practice with children and families/i,
    summaryArea: 'impact_of_leaders',
  },
  {
    area: 'the experiences and progress of children who need help and protection',
    label: /experiences and progress of children who need help and protection/i,
    summaryArea: 'help_and_protection',
  },
  {
    area: 'the experiences and progress of children in care and care leavers',
    label: /experiences and progress of children in care and care leavers/i,
    summaryArea: 'in_care',
  },
  {
    area: 'the experiences and progress of children in care',
    label: /experiences and progress of children in care(?! and care leavers)/i,
    summaryArea: 'in_care',
  },
  { area: 'the experiences and progress of care leavers', label: /experiences and progress of care leavers/i, summaryArea: 'care_leavers' },
];

/** SIF (2013-2018): the numbered judgements on the cover. */
const SIF_AREAS: { area: string; label: RegExp; summaryArea: SummaryArea | null }[] = [
  { area: 'children who need help and protection', label: /children who need help and protection/i, summaryArea: 'help_and_protection' },
  {
    area: 'children looked after and achieving permanence',
    label: /children looked after and achieving permanence/i,
    summaryArea: 'in_care',
  },
  { area: 'adoption performance', label: /adoption performance/i, summaryArea: null },
  { area: 'experiences and progress of care leavers', label: /experiences and progress of care leavers/i, summaryArea: 'care_leavers' },
  { area: 'leadership, management and governance', label: /leadership, management and governance/i, summaryArea: 'impact_of_leaders' },
];

function readTable(reader: DocumentReader, from: number, to: number, areas: typeof ILACS_AREAS): AreaJudgementField[] {
  const { text, lineAt } = reader.joined(from, to);
  const result: AreaJudgementField[] = [];
  for (const { area, label, summaryArea } of areas) {
    const match = new RegExp(`${label.source}:?\\s+${GRADE}\\b`, 'i').exec(text);
    const judgement = match && toJudgement(match[match.length - 1]);
    if (match && judgement) result.push({ area, summaryArea, judgement: found(judgement, 0.95, lineAt(match.index)) });
  }
  return result;
}

/** Area judgements and overall effectiveness, wherever the report's framework puts them. */
export function readJudgements(
  reader: DocumentReader,
  framework: 'SIF' | 'ILACS',
): { areas: AreaJudgementField[]; overall: ExtractedField<Judgement> } {
  if (framework === 'ILACS') {
    const table = reader.find(/^Judgement\s+Grade$/i) ?? reader.find(/^Judgement$/i);
    const start = table?.index ?? 0;
    const overallLine = reader.find(new RegExp(`^Overall effectiveness:?\\s+${GRADE}`, 'i'), start, start + 40);
    const areas = readTable(reader, start, (overallLine?.index ?? start + 30) + 1, ILACS_AREAS);
    // 2018-2022 reports judged children in care and care leavers together: the one grade stands for both.
    const together = areas.find((a) => a.area.endsWith('children in care and care leavers'));
    if (together && !areas.some((a) => a.summaryArea === 'care_leavers')) {
      areas.push({
        area: 'the experiences and progress of care leavers',
        summaryArea: 'care_leavers',
        judgement: { ...together.judgement, confidence: 0.8, note: 'judged together with children in care' },
      });
    }
    const overallJudgement = overallLine && toJudgement(overallLine.match[1]);
    return {
      areas,
      overall: overallJudgement
        ? found(overallJudgement, 0.98, overallLine!.line)
        : notFound('no "Overall effectiveness" line in the judgement table'),
    };
  }
  const start = reader.find(/children'?s services .{0,60}\b(are|is)\b|overall judgement is/i)?.index ?? 0;
  const areas = readTable(reader, start, start + 25, SIF_AREAS);
  // "Children's services in X are inadequate", "... require improvement to be good" (often broken over two lines),
  // or "The overall judgement is that children's services require improvement".
  const cover = reader.joined(0, Math.min(reader.lines.length, 60));
  const sentence = new RegExp(
    `(?:children'?s services (?:in|provided by) [A-Za-z ,&'.-]{1,80}?|overall judgement is that children'?s services) (?:are |is )?${GRADE}\\b`,
    'i',
  ).exec(cover.text);
  const overall = sentence ? { line: cover.lineAt(sentence.index), match: sentence } : undefined;
  const overallJudgement = overall && toJudgement(overall.match[overall.match.length - 1]);
  return {
    areas,
    overall: overallJudgement ? found(overallJudgement, 0.95, overall!.line) : notFound('no overall judgement sentence on the cover'),
  };
}
