import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { formatGraphqlErrors } from '../errors/graphql-error-formatter';
import { refuse } from './edge-refusal';
import { QueryTooComplex } from './graphql-limits';

type ThrownError = Error & { code?: string; errors?: unknown; extensions?: Record<string, unknown> };

/**
 * Mercurius's error handler for /graphql, which sees whatever is thrown before a query runs there. Mercurius's
 * default would answer every such error as a GraphQL error with status 200, so a refusal at the edge (rate limit,
 * body size) would read as a bad query; those keep their HTTP status here. The query limits keep their rule and
 * limit in `extensions`. Everything else is answered as Mercurius's default would, through the service's formatter.
 */
export async function graphqlErrorHandler(error: ThrownError, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (error instanceof HttpException) {
    refuse(request, reply, error.getStatus(), error.message);
    return;
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    refuse(request, reply, HttpStatus.PAYLOAD_TOO_LARGE, `the body is over the limit (LEDGER_BODY_LIMIT_BYTES, LEDGER_UPLOAD_LIMIT_BYTES)`);
    return;
  }
  const tooComplex = error instanceof QueryTooComplex ? error : tokenLimitOf(error);
  if (tooComplex) {
    void reply.code(200).send({ data: null, errors: [tooComplex.toJSON()] });
    return;
  }
  const { statusCode, response } = formatGraphqlErrors({
    errors: [
      error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error, extensions: error.extensions }),
    ],
  });
  void reply.code(statusCode).send(response);
}

/** graphql-js stops parsing past `maxTokens`, and Mercurius wraps its message; named here like the other limits. */
function tokenLimitOf(error: ThrownError): QueryTooComplex | undefined {
  const inner = Array.isArray(error.errors) ? (error.errors as unknown[]) : [];
  for (const cause of inner) {
    const match = cause instanceof Error ? /Document contains more that (\d+) tokens/.exec(cause.message) : null;
    if (match) return new QueryTooComplex('tokens', Number(match[1]) + 1, Number(match[1]));
  }
  return undefined;
}
