/**
 * Ofsted's own conventions, as data: which inspection framework was in force when, which judgements each made, and
 * on which scale. The readers look here to know what a report can contain; a judgement its framework did not make is
 * reported as not judged, never inferred from another one.
 */

/** The summary columns of the national published data-set that a framework's judgements fill. */
export type SummaryArea = 'impact_of_leaders' | 'help_and_protection' | 'in_care' | 'care_leavers';

import type { InspectionFramework } from '@plan-ledger/domain';

/** The frameworks of council children's-services inspections since 2009. */
export type FrameworkPeriod =
  | 'unannounced contact, referral and assessment 2009-2013'
  | 'SLAC 2009-2012'
  | 'child protection 2012-2013'
  | 'SIF 2013-2018'
  | 'ILACS 2018-2022'
  | 'ILACS from January 2023';

/** Grades as the reports write them: "adequate" belongs to the 2009-2013 four-point scale only. */
export type Grade = 'outstanding' | 'good' | 'requires improvement to be good' | 'adequate' | 'inadequate';

export interface JudgementMade {
  /** As the report names it, lower case: also the `area` recorded. */
  readonly area: string;
  /** How the report's judgement table labels it (lines joined, any case). */
  readonly label: RegExp;
  /** The data-set column it fills, if any (adoption performance fills none). */
  readonly summaryArea: SummaryArea | null;
  /** A sub-judgement of another (SIF's adoption performance and care leavers, under children looked after). */
  readonly within?: string;
}

export interface FrameworkConvention {
  readonly period: FrameworkPeriod;
  /**
   * The framework the ledger records it under (the domain's INSPECTION_FRAMEWORKS, on the same scale); undefined for
   * the unannounced inspections of contact, referral and assessment, which made no overall judgement to record.
   */
  readonly ledgerFramework?: InspectionFramework;
  /** Inspections whose fieldwork started on or after `from` and before `until` (ISO dates). */
  readonly from: string;
  readonly until?: string;
  readonly scale: readonly Grade[];
  readonly judgements: readonly JudgementMade[];
  /** False for a framework that gave no overall judgement (the unannounced inspections gave strengths and areas). */
  readonly overallJudged: boolean;
  /** Summary columns this framework made no judgement for, with why, in the data-set's words where it has them. */
  readonly notJudged: Readonly<Partial<Record<SummaryArea, string>>>;
}

const FOUR_POINT: readonly Grade[] = ['outstanding', 'good', 'requires improvement to be good', 'inadequate'];
const OLD_SCALE: readonly Grade[] = ['outstanding', 'good', 'adequate', 'inadequate'];
/** The data-set's own words for a column whose judgement was not made at the time. */
export const PRE_DATES_JUDGEMENT = 'inspection pre-dates judgement';

const ILACS_LEADERS: JudgementMade = {
  area: 'the impact of leaders on social work practice with children and families',
  label: /impact of leaders on social work practice with children and families/i,
  summaryArea: 'impact_of_leaders',
};
const ILACS_HELP: JudgementMade = {
  area: 'the experiences and progress of children who need help and protection',
  label: /experiences and progress of children who need help and protection/i,
  summaryArea: 'help_and_protection',
};

const NO_COLUMN_JUDGED = {
  impact_of_leaders: PRE_DATES_JUDGEMENT,
  help_and_protection: PRE_DATES_JUDGEMENT,
  in_care: PRE_DATES_JUDGEMENT,
  care_leavers: PRE_DATES_JUDGEMENT,
} as const;

export const FRAMEWORKS: readonly FrameworkConvention[] = [
  {
    period: 'unannounced contact, referral and assessment 2009-2013',
    from: '2009-06-01',
    until: '2013-11-01',
    scale: OLD_SCALE,
    judgements: [],
    overallJudged: false,
    notJudged: NO_COLUMN_JUDGED,
  },
  {
    period: 'SLAC 2009-2012',
    ledgerFramework: 'SLAC 2009-2012',
    from: '2009-06-01',
    until: '2012-06-01',
    scale: OLD_SCALE,
    judgements: [
      {
        area: 'safeguarding services: overall effectiveness',
        label: /safeguarding services.{0,40}?overall effectiveness/i,
        summaryArea: null,
      },
      {
        area: 'safeguarding services: capacity for improvement',
        label: /safeguarding services.{0,80}?capacity for improvement/i,
        summaryArea: null,
      },
      {
        area: 'services for looked after children: overall effectiveness',
        label: /looked after children.{0,40}?overall effectiveness/i,
        summaryArea: null,
      },
      {
        area: 'services for looked after children: capacity for improvement',
        label: /looked after children.{0,80}?capacity for improvement/i,
        summaryArea: null,
      },
    ],
    overallJudged: true,
    notJudged: NO_COLUMN_JUDGED,
  },
  {
    period: 'child protection 2012-2013',
    ledgerFramework: 'child protection 2012-2013',
    from: '2012-06-01',
    until: '2013-11-01',
    scale: OLD_SCALE,
    judgements: [
      {
        area: 'the effectiveness of the help and protection provided to children, young people, families and carers',
        label: /effectiveness of the help and protection provided to children,? young people,? families and carers/i,
        summaryArea: 'help_and_protection',
      },
      { area: 'the quality of practice', label: /the quality of practice/i, summaryArea: null },
      { area: 'leadership and governance', label: /leadership and governance/i, summaryArea: 'impact_of_leaders' },
    ],
    overallJudged: true,
    notJudged: { in_care: PRE_DATES_JUDGEMENT, care_leavers: PRE_DATES_JUDGEMENT },
  },
  {
    period: 'SIF 2013-2018',
    ledgerFramework: 'SIF',
    from: '2013-11-01',
    until: '2018-04-01',
    scale: FOUR_POINT,
    judgements: [
      {
        area: 'children who need help and protection',
        label: /children who need help and protection/i,
        summaryArea: 'help_and_protection',
      },
      {
        area: 'children looked after and achieving permanence',
        label: /children looked after and achieving\s+permanence/i,
        summaryArea: 'in_care',
      },
      {
        area: 'adoption performance',
        label: /adoption performance/i,
        summaryArea: null,
        within: 'children looked after and achieving permanence',
      },
      {
        area: 'experiences and progress of care leavers',
        label: /experiences and progress of care leavers/i,
        summaryArea: 'care_leavers',
        within: 'children looked after and achieving permanence',
      },
      {
        area: 'leadership, management and governance',
        label: /leadership,? management and governance/i,
        summaryArea: 'impact_of_leaders',
      },
    ],
    overallJudged: true,
    notJudged: {},
  },
  {
    period: 'ILACS 2018-2022',
    ledgerFramework: 'ILACS',
    from: '2018-01-01',
    until: '2023-01-01',
    scale: FOUR_POINT,
    judgements: [
      ILACS_LEADERS,
      ILACS_HELP,
      {
        area: 'the experiences and progress of children in care and care leavers',
        label: /experiences and progress of children in care and care leavers/i,
        summaryArea: 'in_care',
      },
    ],
    overallJudged: true,
    notJudged: { care_leavers: PRE_DATES_JUDGEMENT },
  },
  {
    period: 'ILACS from January 2023',
    ledgerFramework: 'ILACS',
    from: '2023-01-01',
    scale: FOUR_POINT,
    judgements: [
      ILACS_LEADERS,
      ILACS_HELP,
      {
        area: 'the experiences and progress of children in care',
        label: /experiences and progress of children in care(?! and care leavers)/i,
        summaryArea: 'in_care',
      },
      {
        area: 'the experiences and progress of care leavers',
        label: /experiences and progress of care leavers/i,
        summaryArea: 'care_leavers',
      },
    ],
    overallJudged: true,
    notJudged: {},
  },
];

export function convention(period: FrameworkPeriod): FrameworkConvention {
  return FRAMEWORKS.find((f) => f.period === period)!;
}

/**
 * ILACS's period: by when fieldwork started, which is what decided the framework used; without dates, by whether the
 * report's table judges care leavers on their own (only the framework from January 2023 does).
 */
export function ilacsPeriod(fieldworkStart: string | undefined, tableText: string): FrameworkPeriod {
  if (fieldworkStart) return fieldworkStart >= '2023-01-01' ? 'ILACS from January 2023' : 'ILACS 2018-2022';
  return /experiences and progress of children in care and care leavers/i.test(tableText) ? 'ILACS 2018-2022' : 'ILACS from January 2023';
}
