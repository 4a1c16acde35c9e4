/**
 * A commandId (idempotency key) sent again with a different command: another stream, type or content, or another
 * occurredAt or source. Only the very same command may reuse its key (it is then a retry); nothing was recorded.
 */
export class IdempotencyKeyReused extends Error {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';

  constructor(
    readonly commandId: string,
    readonly streamId: string,
    detail: string,
  ) {
    super(`commandId ${commandId} was already used for a different command (${detail}); send a new commandId for a new command`);
    this.name = 'IdempotencyKeyReused';
  }
}
