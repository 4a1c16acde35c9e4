import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const GRAPHQL_PATH = '/graphql';

/**
 * A request the edge refuses before anything runs. Where it is thrown rather than sent (the rate limiter throws), a
 * route's error handler answers it: on /graphql graphqlErrorHandler, in the shape of `refuse`; on Nest's routes
 * Fastify's default handler, which writes `statusCode`, `code`, `error` and `message` from these properties (Nest
 * installs its own handler only after its routes have taken Fastify's, so its filters never see hooks' errors).
 */
export class EdgeRefusal extends HttpException {
  /** Kept by Fastify: a body stream failing with this error keeps its status instead of becoming a 400. */
  readonly statusCode: number;
  readonly code: string;

  constructor(status: HttpStatus, message: string) {
    super({ message }, status);
    this.name = 'EdgeRefusal';
    this.statusCode = status;
    this.code = HttpStatus[status] ?? 'ERROR';
  }
}

export function isGraphqlRequest(request: FastifyRequest): boolean {
  return request.routeOptions.url === GRAPHQL_PATH;
}

/**
 * `{ code, message }` as every HTTP error of the service; on /graphql also a GraphQL `errors` list, so that GraphQL
 * clients (GraphiQL, `ledger import --apply`) show the reason instead of failing to find one.
 */
export function refusalBody(status: number, message: string, graphql: boolean, named?: string): Record<string, unknown> {
  const code = named ?? HttpStatus[status] ?? 'ERROR';
  return graphql ? { code, message, errors: [{ message, extensions: { code } }] } : { code, message };
}

export function refuse(request: FastifyRequest, reply: FastifyReply, status: HttpStatus, message: string, code?: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(refusalBody(status, message, isGraphqlRequest(request), code));
}
