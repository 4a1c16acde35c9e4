/**
 * What the writer believes about the stream before its append:
 * - `'no_stream'`: the stream must not exist yet (creating a plan or an authority);
 * - `'stream_exists'`: it must exist, at any revision;
 * - `'any'`: no check (kept for imports and admin tools, never for commands);
 * - a bigint: the revision of the stream's last event, as the writer last read it.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

/** What a stream actually is when a check fails: absent, or at the revision of its last event. */
export type ActualRevision = 'no_stream' | bigint;

export function describeRevision(revision: ExpectedRevision | ActualRevision): string {
  return typeof revision === 'bigint' ? revision.toString() : revision;
}

/** Whether a stream whose last revision is `actual` (undefined when it does not exist) satisfies `expected`. */
export function satisfiesExpectedRevision(expected: ExpectedRevision, actual: bigint | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === undefined;
  if (expected === 'stream_exists') return actual !== undefined;
  return actual === expected;
}
