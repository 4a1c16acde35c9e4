import type { JsonObject } from '@plan-ledger/event-store';

/**
 * The projections' one boundary with the log's untyped JSON. Data read from the log is JSON by construction (the
 * store refuses anything else), so an effective event's data, built from it by merging corrections, is too.
 */
export function toJsonObject(data: Readonly<Record<string, unknown>>): JsonObject {
  return data as JsonObject;
}
