import type { JsonObject } from '@plan-ledger/event-store';
import type { EntryBase, LedgerEntry } from './ledger-entry';

/**
 * The projections' one boundary with the log's untyped JSON. Data read from the log is JSON by construction (the
 * store refuses anything else), so an effective event's data, built from it by merging corrections, is too.
 */
export function toJsonObject(data: Readonly<Record<string, unknown>>): JsonObject {
  return data as JsonObject;
}

/**
 * The one place an entry's JSON becomes its type's data. Only for data the domain's parse of `type` accepted (see
 * readingProblems): that check is what makes the type true, and the compiler cannot follow it.
 */
export function toLedgerEntry(base: EntryBase, type: string, data: Readonly<Record<string, unknown>>): LedgerEntry {
  return { ...base, type, data } as unknown as LedgerEntry;
}
