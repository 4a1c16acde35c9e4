import type { ValidationProblem } from '@plan-ledger/domain';

/** An API input that broke its DTO rules; every field and rule is named, and nothing was recorded. */
export class InputRejected extends Error {
  readonly code = 'INPUT_REJECTED';

  constructor(readonly problems: readonly ValidationProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.rule}`).join('; '));
    this.name = 'InputRejected';
  }
}

/** A query for something that is not in the log at the cut asked for. */
export class NotFound extends Error {
  readonly code = 'NOT_FOUND';

  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFound';
  }
}
