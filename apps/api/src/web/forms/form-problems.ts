import { DomainRuleViolation } from '@plan-ledger/domain';
import { InvalidEvent, WrongExpectedRevision } from '@plan-ledger/event-store';
import { GraphQLError } from 'graphql';
import { toClientError } from '../../errors/graphql-error-formatter';
import { IdempotencyKeyReused } from '../../errors/idempotency-key-reused';
import { InputRejected } from '../../errors/input-rejected';

export interface FormProblem {
  readonly field: string;
  readonly rule: string;
}

/** What a refused write means for the form that sent it. */
export type FormRefusal = { readonly kind: 'problems'; readonly problems: readonly FormProblem[] } | { readonly kind: 'conflict' };

/**
 * A write's failure as the form shows it, through the API's one error mapping (toClientError): the fields and rules of
 * a DTO or domain refusal, or the plan changed since the form was opened. Anything else (no access, no such plan, the
 * service read-only) is not about what was typed: undefined, and the page's error filter draws it.
 */
export function formRefusalOf(error: unknown): FormRefusal | undefined {
  if (error instanceof WrongExpectedRevision) return { kind: 'conflict' };
  // Only the refusals about what was sent; anything else is left whole (and logged once) for the error page.
  const aboutInput =
    error instanceof InputRejected ||
    error instanceof DomainRuleViolation ||
    error instanceof InvalidEvent ||
    error instanceof IdempotencyKeyReused;
  if (!aboutInput) return undefined;
  const shaped = toClientError(new GraphQLError(error.message, { originalError: error, path: ['form'] }));
  const problems = shaped.extensions.problems;
  const code = shaped.extensions.code;
  if ((code === 'BAD_USER_INPUT' || code === 'CONFLICT') && Array.isArray(problems) && problems.length > 0) {
    return {
      kind: 'problems',
      problems: problems.filter(
        (problem): problem is FormProblem =>
          typeof problem === 'object' && problem !== null && typeof problem.field === 'string' && typeof problem.rule === 'string',
      ),
    };
  }
  return undefined;
}
