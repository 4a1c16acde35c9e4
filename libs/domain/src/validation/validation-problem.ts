/** One broken rule on one input field, e.g. `{ field: 'metadata.occurredAt.from', rule: 'must be a date written YYYY-MM-DD' }`. */
export interface ValidationProblem {
  readonly field: string;
  readonly rule: string;
}
