import { Logger } from '@nestjs/common';
import { CommandRejected, DomainRuleViolation, type DomainErrorCode } from '@plan-ledger/domain';
import { EventStoreError, InvalidEvent, WrongExpectedRevision, describeRevision, type EventStoreErrorCode } from '@plan-ledger/event-store';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { NotaryError } from '@plan-ledger/notary';
import { Forbidden, Unauthenticated } from './access-errors';
import { IdempotencyKeyReused } from './idempotency-key-reused';
import { InputRejected, NotFound } from './input-rejected';
import { ReadModelBehind } from './read-model-behind';
import { StreamUnreadable } from './stream-unreadable';

const logger = new Logger('GraphQL');

const DOMAIN_CODES: Record<DomainErrorCode, string> = {
  INVALID_COMMAND: 'BAD_USER_INPUT',
  UNKNOWN_REFERENCE: 'BAD_USER_INPUT',
  PLAN_CLOSED: 'BAD_USER_INPUT',
  NOT_STARTED: 'NOT_FOUND',
  ALREADY_STARTED: 'CONFLICT',
};

const STORE_CODES: Record<EventStoreErrorCode, string> = {
  WRONG_EXPECTED_REVISION: 'CONFLICT',
  DUPLICATE_EVENT_ID: 'CONFLICT',
  STREAM_NOT_FOUND: 'NOT_FOUND',
  INVALID_EVENT: 'BAD_USER_INPUT',
  INVALID_READ_OPTION: 'BAD_USER_INPUT',
  STORE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  READ_ONLY: 'READ_ONLY',
  STORED_EVENT_UNREADABLE: 'STORED_EVENT_UNREADABLE',
};

/** The one mapping from what went wrong to what a GraphQL client sees: a stable code, the fields and rules, never a stack. */
export function toClientError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  const shaped = (message: string, extensions: Record<string, unknown>): GraphQLError =>
    new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions });

  if (original instanceof Forbidden) return shaped(original.message, { code: 'FORBIDDEN', missing: original.missing });
  if (original instanceof Unauthenticated) return shaped(original.message, { code: 'UNAUTHENTICATED' });
  if (original instanceof NotaryError && original.code === 'ALARMS_STANDING')
    return shaped(original.message, { code: 'CONFLICT', rule: 'ALARMS_STANDING' });
  if (original instanceof NotaryError && original.code === 'READ_ONLY') return shaped(original.message, { code: 'READ_ONLY' });
  if (original instanceof NotaryError && original.code === 'NOT_SIGNER')
    return shaped(original.message, { code: 'CONFLICT', rule: 'NOT_SIGNER' });
  if (original instanceof InputRejected) return shaped(original.message, { code: 'BAD_USER_INPUT', problems: original.problems });
  if (original instanceof DomainRuleViolation) {
    return shaped(original.message, {
      code: DOMAIN_CODES[original.code],
      rule: original.code,
      problems: original instanceof CommandRejected ? original.problems : [{ field: original.field, rule: original.rule }],
    });
  }
  if (original instanceof StreamUnreadable) {
    const cause = original.cause instanceof Error ? (original.cause.stack ?? original.cause.message) : String(original.cause);
    logger.error(`${original.message}: ${cause}`);
    return shaped(original.message, { code: original.code, streamId: original.streamId });
  }
  if (original instanceof NotFound) return shaped(original.message, { code: 'NOT_FOUND' });
  if (original instanceof ReadModelBehind)
    return shaped(original.message, {
      code: original.code,
      cutPosition: original.cutPosition.toString(),
      modelPosition: original.modelPosition.toString(),
    });
  if (original instanceof IdempotencyKeyReused) {
    return shaped(original.message, {
      code: 'CONFLICT',
      rule: original.code,
      commandId: original.commandId,
      streamId: original.streamId,
      problems: [{ field: 'commandId', rule: 'was already used for a different command' }],
    });
  }
  if (original instanceof WrongExpectedRevision) {
    return shaped(original.message, {
      code: 'CONFLICT',
      streamId: original.streamId,
      expectedRevision: describeRevision(original.expected),
      actualRevision: describeRevision(original.actual),
    });
  }
  if (original instanceof InvalidEvent) return shaped(original.message, { code: 'BAD_USER_INPUT', problems: original.problems });
  if (original instanceof EventStoreError) return shaped(original.message, { code: STORE_CODES[original.code] });
  if (!original || !error.path) {
    // No path: the request itself was wrong (syntax, unknown field, missing or mistyped variable), the client's to fix.
    return shaped(error.message, { code: 'BAD_USER_INPUT' });
  }
  logger.error(original.stack ?? String(original));
  return shaped('internal error', { code: 'INTERNAL_SERVER_ERROR' });
}

export function formatGraphqlErrors(execution: ExecutionResult & { errors: readonly GraphQLError[] }): {
  statusCode: number;
  response: ExecutionResult;
} {
  const errors = execution.errors.flatMap((error) => {
    // Mercurius wraps request validation failures in one error holding the list.
    const nested = (error.originalError as { errors?: GraphQLError[] } | undefined)?.errors;
    return Array.isArray(nested)
      ? nested.map((inner) => toClientError(inner instanceof GraphQLError ? inner : new GraphQLError(String(inner))))
      : [toClientError(error)];
  });
  return { statusCode: 200, response: { data: execution.data ?? null, errors } };
}
