import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EventStoreError, InvalidEvent, type EventStoreErrorCode } from '@plan-ledger/event-store';

const STATUS_OF: Record<EventStoreErrorCode, HttpStatus> = {
  WRONG_EXPECTED_REVISION: HttpStatus.CONFLICT,
  DUPLICATE_EVENT_ID: HttpStatus.CONFLICT,
  STREAM_NOT_FOUND: HttpStatus.NOT_FOUND,
  INVALID_EVENT: HttpStatus.BAD_REQUEST,
  INVALID_READ_OPTION: HttpStatus.BAD_REQUEST,
  STORE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  READ_ONLY: HttpStatus.SERVICE_UNAVAILABLE,
  STORED_EVENT_UNREADABLE: HttpStatus.INTERNAL_SERVER_ERROR,
};

/**
 * The one place HTTP errors are shaped: a stable code and a message, never a stack trace.
 * Unknown errors are logged in full here and answered with a bare 500.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error; // GraphQL shapes its own errors (graphql-error-formatter)
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof EventStoreError) {
      const body: Record<string, unknown> = { code: error.code, message: error.message };
      if (error instanceof InvalidEvent) body.problems = error.problems;
      void reply.status(STATUS_OF[error.code]).send(body);
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      void reply.status(status).send({ code: HttpStatus[status] ?? 'ERROR', message: error.message });
      return;
    }
    this.logger.error(error instanceof Error ? error.stack : String(error));
    void reply.status(HttpStatus.INTERNAL_SERVER_ERROR).send({ code: 'INTERNAL', message: 'internal error' });
  }
}
