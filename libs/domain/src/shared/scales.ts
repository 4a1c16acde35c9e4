/** Ofsted's four-point judgement scale (SIF 2013-2018 and ILACS from 2018 use the same words). */
export const JUDGEMENTS = ['outstanding', 'good', 'requires improvement to be good', 'inadequate'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];

/** Improvement-board RAG grades; blue means complete. */
export const PROGRESS_GRADES = ['red', 'amber', 'green', 'blue'] as const;
export type ProgressGrade = (typeof PROGRESS_GRADES)[number];

export const GRADED_BY = ['board', 'commissioner', 'council', 'inspectors'] as const;
export type GradedBy = (typeof GRADED_BY)[number];
