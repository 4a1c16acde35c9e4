/** The request carries no identity the service accepts: none where one is required, or a token that fails a check. */
export class Unauthenticated extends Error {
  readonly code = 'UNAUTHENTICATED';

  constructor(reason: string) {
    super(reason);
    this.name = 'Unauthenticated';
  }
}

/** The caller is known but holds no role that allows this; `missing` says which role, for which council. */
export class Forbidden extends Error {
  readonly code = 'FORBIDDEN';

  constructor(readonly missing: string) {
    super(`forbidden: ${missing}`);
    this.name = 'Forbidden';
  }
}
