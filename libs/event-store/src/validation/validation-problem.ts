/** One broken rule on one input field, e.g. `{ field: 'events[0].metadata.occurredAt.from', rule: 'must be a real date...' }`. */
export interface ValidationProblem {
  readonly field: string;
  readonly rule: string;
}

/**
 * A further rule for `metadata.occurredAt`, supplied by whoever opens the store (the service passes the domain's
 * `businessTimeProblems`). It sees only a value whose shape and dates the store has already accepted, and names
 * fields under `path`; every problem it returns refuses the append.
 */
export type OccurredAtRule = (value: unknown, path: string) => readonly ValidationProblem[];
