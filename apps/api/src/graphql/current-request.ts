import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestOf } from '../access/access.guard';

/**
 * The HTTP request behind a resolver: what per-request loaders are keyed by. A decorator of our own rather than
 * `@Context()`, which the validation pipe would try to validate as an input.
 */
export const CurrentRequest = createParamDecorator((_data: unknown, context: ExecutionContext): FastifyRequest => requestOf(context));
