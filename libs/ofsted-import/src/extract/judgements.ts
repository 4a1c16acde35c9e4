import type { Judgement } from '@plan-ledger/domain';
import { convention, type FrameworkPeriod, type Grade, type SummaryArea } from '../conventions/frameworks';
import type { DocumentReader } from './document-reader';
import { found, notFound, notJudged, type ExtractedField } from './extracted-field';

export type { SummaryArea };

export interface AreaJudgementField {
  readonly area: string;
  readonly summaryArea: SummaryArea | null;
  /** The judgement this one is part of (SIF's sub-judgements). */
  readonly within?: string;
  /** `not judged` when the framework made no such judgement: then nothing is recorded for it. */
  readonly judgement: ExtractedField<Grade>;
}

/** Every way the reports write a grade; "Grade 3 (adequate)" in the 2009-2013 reports. */
const GRADE =
  '(?:grade \\d\\s*\\(\\s*)?(outstanding|good|requires improvement to be good|requires improvement|require improvement|inadequate|adequate)';

export function toGrade(word: string): Grade | undefined {
  const w = word.toLowerCase().replace(/\s+/g, ' ').trim();
  if (w === 'outstanding' || w === 'good' || w === 'inadequate' || w === 'adequate') return w;
  if (w.startsWith('require')) return 'requires improvement to be good';
  return undefined;
}

/**
 * The grade as the ledger records it: the same words, "adequate" included (the 2009-2013 scale). That a grade is on
 * its framework's scale is the domain's rule, checked again when the draft is recorded.
 */
export function toJudgement(grade: Grade | null | undefined): Judgement | undefined {
  return grade ?? undefined;
}

/** Where a framework's judgement table is: from its first line, this many lines. */
function tableWindow(reader: DocumentReader, period: FrameworkPeriod): { from: number; to: number } {
  if (period.startsWith('ILACS')) {
    const at = reader.find(/^Judgement\s+Grade$/i, 0, 80) ?? reader.find(/^Judgement$/i, 0, 80);
    const from = at?.index ?? 0;
    return { from, to: from + 30 };
  }
  if (period === 'SIF 2013-2018') {
    // "1. Children who need help and protection" opens the numbered judgements on the cover.
    const at =
      reader.find(/^1\.?\s+Children who need help and protection/i, 0, 80) ?? reader.find(/judgements on areas of the service/i, 0, 80);
    const from = at?.index ?? 0;
    return { from, to: from + 25 };
  }
  return { from: 0, to: 200 };
}

/**
 * The area judgements the report's framework made, and the overall judgement, from its judgement table. A judgement
 * the framework did not make is reported as not judged with why, never taken from another one.
 */
export function readJudgements(
  reader: DocumentReader,
  period: FrameworkPeriod,
): { areas: AreaJudgementField[]; overall: ExtractedField<Grade> } {
  const made = convention(period);
  const window = tableWindow(reader, period);
  const { text, lineAt } = reader.joined(window.from, window.to);
  const areas: AreaJudgementField[] = [];
  for (const judgement of made.judgements) {
    // The grade follows its label, after at most a few words the PDF put between (a footnote mark, "is").
    const match = new RegExp(`${judgement.label.source}(?:[^.]{0,60}?\\bis)?\\s*:?\\s+${GRADE}\\b`, 'i').exec(text);
    const grade = match ? toGrade(match[1]) : undefined;
    areas.push({
      area: judgement.area,
      summaryArea: judgement.summaryArea,
      ...(judgement.within ? { within: judgement.within } : {}),
      judgement:
        match && grade && made.scale.includes(grade)
          ? found(grade, 0.95, lineAt(match.index))
          : notFound(`the report's judgement table gives no grade for ${judgement.area}`),
    });
  }
  for (const [summaryArea, reason] of Object.entries(made.notJudged) as [SummaryArea, string][]) {
    areas.push({
      area: NOT_JUDGED_AREAS[summaryArea],
      summaryArea,
      judgement: notJudged(`not judged (${reason}: the ${period} framework made no such judgement)`),
    });
  }
  return {
    areas,
    overall: made.overallJudged
      ? readOverall(reader, period, text, lineAt, made.scale)
      : notJudged(`not judged (the ${period} framework gave no overall judgement: it named strengths and areas for development)`),
  };
}

const NOT_JUDGED_AREAS: Record<SummaryArea, string> = {
  impact_of_leaders: 'the impact of leaders on social work practice with children and families',
  help_and_protection: 'the experiences and progress of children who need help and protection',
  in_care: 'the experiences and progress of children in care',
  care_leavers: 'the experiences and progress of care leavers',
};

function readOverall(
  reader: DocumentReader,
  period: FrameworkPeriod,
  table: string,
  tableLineAt: (offset: number) => import('../text/document-text').SourceLine,
  scale: readonly Grade[],
): ExtractedField<Grade> {
  const accept = (word: string | undefined): Grade | undefined => {
    const grade = word ? toGrade(word) : undefined;
    return grade && scale.includes(grade) ? grade : undefined;
  };
  if (period.startsWith('ILACS')) {
    const match = new RegExp(`overall effectiveness\\s*:?\\s+${GRADE}\\b`, 'i').exec(table);
    const grade = accept(match?.[1]);
    return grade ? found(grade, 0.98, tableLineAt(match!.index)) : notFound('no "Overall effectiveness" line in the judgement table');
  }
  const cover = reader.joined(0, Math.min(reader.lines.length, period === 'SIF 2013-2018' ? 60 : 200));
  const patterns =
    period === 'SIF 2013-2018'
      ? // "Children's services in X are inadequate", "... require improvement to be good" (often over two lines), or
        // "The overall judgement is that children's services require improvement".
        [
          new RegExp(
            `(?:children'?s services (?:in|provided by) [A-Za-z ,&'.-]{1,80}?|overall judgement is that children'?s services) (?:are |is )?${GRADE}\\b`,
            'i',
          ),
        ]
      : [
          new RegExp(`overall effectiveness(?: of [^.]{0,80}?)?(?: is)?\\s*:?\\s+${GRADE}\\b`, 'i'),
          new RegExp(`arrangements for the protection of children (?:is|are)\\s*:?\\s+${GRADE}\\b`, 'i'),
        ];
  for (const pattern of patterns) {
    const match = pattern.exec(cover.text);
    const grade = accept(match?.[1]);
    if (grade) return found(grade, 0.95, cover.lineAt(match!.index));
  }
  return notFound('no overall judgement on the cover');
}
