import type { JsonObject } from '../json/json-value';

/** How finely a business date is known: a letter gives the day, board slides often only the month ("Mar/Apr 2017"). */
export type OccurredAtPrecision = 'day' | 'month' | 'year';

/**
 * When something happened in the world (business time), as the log keeps it: `from` and an optional `to`, ISO dates
 * written at `precision` (2016-10-24, 2017-03, 2017), and the words as written (`label`). The store's own shape, so
 * the store stands alone; it is the same shape as the domain's BusinessTime, and each is assignable to the other.
 * (Object types here are type aliases, not interfaces, so the compiler checks that metadata is JSON.)
 */
export type OccurredAt = {
  readonly from: string;
  readonly to?: string;
  readonly precision: OccurredAtPrecision;
  readonly label?: string;
};

/**
 * Who recorded an event: a person or a system, the role they acted in (editor, board, commissioner, importer...),
 * their name as the identity provider or the grant gave it, and the council they acted for, where the role is a
 * council's.
 */
export type Actor = {
  readonly id: string;
  readonly role: string;
  readonly displayName?: string;
  readonly council?: string;
};

/** The document an event was taken from, e.g. a monitoring-visit letter. */
export interface EventSource extends JsonObject {
  title: string;
}

/** What a writer says about an event besides its data. recordedAt is not here: only the store sets it. */
export type EventMetadata = {
  /** When it happened in the world (business time), possibly only to the month. */
  readonly occurredAt: OccurredAt;
  readonly actor: Actor;
  /** Ties together every event caused by one user intent, across streams. */
  readonly correlationId?: string;
  /** The command or event that directly caused this one. */
  readonly causationId?: string;
  /** The client-supplied id of the command that produced this event, for idempotent retries. */
  readonly commandId?: string;
  /**
   * A digest of the whole command that produced this event (e.g. SHA-256 of its canonical JSON), kept so that a
   * writer can tell a retry of the command from another command that reuses its commandId.
   */
  readonly commandDigest?: string;
  readonly source?: EventSource;
  /** Version of the event's data shape, for upcasting. */
  readonly schemaVersion: number;
};

/** Metadata as a writer supplies it: schemaVersion defaults to 1. */
export type EventMetadataInput = Omit<EventMetadata, 'schemaVersion'> & { readonly schemaVersion?: number };

export const METADATA_FIELDS: readonly string[] = [
  'occurredAt',
  'actor',
  'correlationId',
  'causationId',
  'commandId',
  'commandDigest',
  'source',
  'schemaVersion',
];
