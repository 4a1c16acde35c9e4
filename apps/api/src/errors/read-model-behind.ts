/**
 * A portfolio question (plans, actions) is answered from the read model only, and the model had not folded the log to
 * the cut asked for within the wait (it is being built, e.g. after an upgrade). Try again shortly; /health shows its lag.
 */
export class ReadModelBehind extends Error {
  readonly code = 'READ_MODEL_CATCHING_UP';

  constructor(
    readonly cutPosition: bigint,
    readonly modelPosition: bigint,
  ) {
    super(
      `the read model is at position ${modelPosition}, behind the cut at ${cutPosition}: it is catching up with the log; ask again shortly (GET /health shows its lag)`,
    );
    this.name = 'ReadModelBehind';
  }
}
