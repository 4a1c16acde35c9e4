import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { toClientError } from '../errors/graphql-error-formatter';
import { WebPages } from './web-pages';

const STATUS_OF_CODE: Record<string, HttpStatus> = {
  BAD_USER_INPUT: HttpStatus.BAD_REQUEST,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  READ_ONLY: HttpStatus.SERVICE_UNAVAILABLE,
  READ_MODEL_CATCHING_UP: HttpStatus.SERVICE_UNAVAILABLE,
  SERVICE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  STREAM_UNREADABLE: HttpStatus.INTERNAL_SERVER_ERROR,
  STORED_EVENT_UNREADABLE: HttpStatus.INTERNAL_SERVER_ERROR,
};

const TITLE_OF_STATUS: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: 'There is a problem with what was asked',
  [HttpStatus.UNAUTHORIZED]: 'Sign in to see this page',
  [HttpStatus.FORBIDDEN]: 'You do not have access to this page',
  [HttpStatus.NOT_FOUND]: 'Page not found',
  [HttpStatus.CONFLICT]: 'This was changed by someone else',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'Sorry, the service is unavailable',
  [HttpStatus.INTERNAL_SERVER_ERROR]: 'Sorry, there is a problem with the service',
};

/**
 * What a page shows when something went wrong: the same mapping as the API's (toClientError, the one place errors are
 * shaped), drawn as a GOV.UK error page: the fields and rules in an error summary, never a stack trace.
 */
@Catch()
export class WebErrorFilter implements ExceptionFilter {
  constructor(private readonly pages: WebPages) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let status: HttpStatus;
    let message: string;
    let problems: { field: string; rule: string }[] = [];
    if (error instanceof HttpException) {
      status = error.getStatus();
      message = status === HttpStatus.NOT_FOUND ? 'There is no page at this address.' : error.message;
    } else {
      const shaped = toClientError(
        new GraphQLError(error instanceof Error ? error.message : String(error), {
          originalError: error instanceof Error ? error : undefined,
          path: ['page'],
        }),
      );
      const code = String(shaped.extensions.code);
      status = STATUS_OF_CODE[code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
      message = shaped.message;
      problems = Array.isArray(shaped.extensions.problems) ? (shaped.extensions.problems as typeof problems) : [];
    }
    if (status === HttpStatus.UNAUTHORIZED && request.method === 'GET' && this.pages.signInPath) {
      void reply.redirect(`${this.pages.signInPath}?returnTo=${encodeURIComponent(request.url)}`, 303);
      return;
    }
    const title = TITLE_OF_STATUS[status] ?? 'Sorry, there is a problem';
    this.pages.render(request, reply, 'error.njk', { path: request.url.split('?')[0] }, { title, message, problems, status }, status);
  }
}
