/** Ofsted's four-point judgement scale from November 2013 (SIF 2013-2018 and ILACS from 2018 use the same words). */
export const JUDGEMENTS_FROM_2013 = ['outstanding', 'good', 'requires improvement to be good', 'inadequate'] as const;

/** The four-point scale of the 2009-2013 frameworks (SLAC 2009-2012, child protection 2012-2013): "adequate", not RI. */
export const JUDGEMENTS_2009_2013 = ['outstanding', 'good', 'adequate', 'inadequate'] as const;

/**
 * Every judgement the ledger records, on either scale. Which scale a judgement must be on is its inspection's
 * framework's (FRAMEWORK_SCALES in authority-events.ts): "adequate" is never a SIF or ILACS judgement.
 */
export const JUDGEMENTS = ['outstanding', 'good', 'requires improvement to be good', 'adequate', 'inadequate'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];

/** Improvement-board RAG grades; blue means complete. */
export const PROGRESS_GRADES = ['red', 'amber', 'green', 'blue'] as const;
export type ProgressGrade = (typeof PROGRESS_GRADES)[number];

export const GRADED_BY = ['board', 'commissioner', 'council', 'inspectors'] as const;
export type GradedBy = (typeof GRADED_BY)[number];
