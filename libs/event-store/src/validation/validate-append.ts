import { v7 as uuidv7, validate as isUuid } from 'uuid';
import { InvalidEvent } from '../errors/event-store-errors';
import { certainlyWithinJsonBytes, firstJsonProblem, isJsonObject, type JsonObject } from '../json/json-value';
import { METADATA_FIELDS, type EventMetadata } from '../port/event-metadata';
import type { EventToAppend } from '../port/event-to-append';
import type { ExpectedRevision } from '../port/expected-revision';
import { occurredAtProblemsWith } from './occurred-at';
import type { PreparedEvent } from './prepared-event';
import type { OccurredAtRule, ValidationProblem } from './validation-problem';

export const LIMITS = {
  streamIdLength: 200,
  typeLength: 128,
  dataBytes: 1024 * 1024,
  metadataBytes: 64 * 1024,
  eventsPerAppend: 10_000,
  identifierLength: 200,
  schemaVersion: 1_000,
} as const;

// Letters, digits and . _ : - only: safe as an EventStoreDB stream name and in a URL; a leading `$` is reserved for system streams.
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.-]*$/;

export function streamIdProblems(streamId: unknown, field = 'streamId'): ValidationProblem[] {
  if (typeof streamId !== 'string' || streamId.length === 0) return [{ field, rule: 'must be a non-empty string' }];
  if (streamId.length > LIMITS.streamIdLength) {
    return [{ field, rule: `must be at most ${LIMITS.streamIdLength} characters` }];
  }
  if (!STREAM_ID.test(streamId)) {
    return [{ field, rule: 'must start with a letter or digit and hold only letters, digits and . _ : -' }];
  }
  return [];
}

function expectedRevisionProblems(expected: unknown): ValidationProblem[] {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') return [];
  if (typeof expected === 'bigint' && expected >= 0n) return [];
  return [{ field: 'expectedRevision', rule: "must be 'no_stream', 'stream_exists', 'any' or a revision (bigint >= 0)" }];
}

function identifierProblem(value: unknown, field: string): ValidationProblem | undefined {
  if (typeof value === 'string' && value.trim().length > 0 && value.length <= LIMITS.identifierLength) return undefined;
  return { field, rule: `must be non-empty text of at most ${LIMITS.identifierLength} characters` };
}

type OccurredAtCheck = (value: unknown, path: string) => ValidationProblem[];

function metadataProblems(metadata: unknown, path: string, occurredAtCheck: OccurredAtCheck): ValidationProblem[] {
  if (!isJsonObject(metadata)) return [{ field: path, rule: 'must be an object' }];
  const problems: ValidationProblem[] = [];
  for (const key of Object.keys(metadata)) {
    if (key === 'recordedAt') problems.push({ field: `${path}.recordedAt`, rule: 'is set by the store and cannot be supplied' });
    else if (!METADATA_FIELDS.includes(key)) problems.push({ field: `${path}.${key}`, rule: 'is not a metadata field' });
  }
  if (metadata.occurredAt === undefined) problems.push({ field: `${path}.occurredAt`, rule: 'is required' });
  else problems.push(...occurredAtCheck(metadata.occurredAt, `${path}.occurredAt`));

  const actor = metadata.actor;
  if (!isJsonObject(actor)) problems.push({ field: `${path}.actor`, rule: 'is required: an object with id and role' });
  else {
    for (const key of Object.keys(actor)) {
      if (!['id', 'role', 'displayName', 'council'].includes(key))
        problems.push({ field: `${path}.actor.${key}`, rule: 'is not a field of an actor (id, role, displayName, council)' });
    }
    for (const key of ['id', 'role', 'displayName', 'council'] as const) {
      if (actor[key] === undefined && (key === 'displayName' || key === 'council')) continue;
      const problem = identifierProblem(actor[key], `${path}.actor.${key}`);
      if (problem) problems.push(problem);
    }
  }
  for (const key of ['correlationId', 'causationId', 'commandId', 'commandDigest'] as const) {
    if (metadata[key] === undefined) continue;
    const problem = identifierProblem(metadata[key], `${path}.${key}`);
    if (problem) problems.push(problem);
  }
  const source = metadata.source;
  if (source !== undefined) {
    if (!isJsonObject(source)) problems.push({ field: `${path}.source`, rule: 'must be an object with a title' });
    else {
      const problem = identifierProblem(source.title, `${path}.source.title`) ?? firstJsonProblem(source, `${path}.source`);
      if (problem) problems.push(problem);
    }
  }
  const version = metadata.schemaVersion;
  if (version !== undefined && !(Number.isInteger(version) && (version as number) >= 1 && (version as number) <= LIMITS.schemaVersion)) {
    problems.push({ field: `${path}.schemaVersion`, rule: `must be a whole number from 1 to ${LIMITS.schemaVersion}` });
  }
  return problems;
}

function eventProblems(event: unknown, path: string, occurredAtCheck: OccurredAtCheck): ValidationProblem[] {
  if (!isJsonObject(event as unknown)) {
    // EventToAppend holds plain values only, so a non-plain object is as wrong as a string here.
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return [{ field: path, rule: 'must be an object' }];
  }
  const candidate = event as Record<string, unknown>;
  const problems: ValidationProblem[] = [];
  if (candidate.eventId !== undefined && (typeof candidate.eventId !== 'string' || !isUuid(candidate.eventId))) {
    problems.push({ field: `${path}.eventId`, rule: 'must be a UUID' });
  }
  const type = candidate.type;
  if (typeof type !== 'string' || type.length === 0 || type.length > LIMITS.typeLength) {
    problems.push({ field: `${path}.type`, rule: `must be a name of 1 to ${LIMITS.typeLength} characters` });
  } else if (!EVENT_TYPE.test(type)) {
    problems.push({ field: `${path}.type`, rule: 'must start with a letter and hold only letters, digits and . _ -' });
  }
  const data = candidate.data;
  if (!isJsonObject(data)) problems.push({ field: `${path}.data`, rule: 'must be a JSON object' });
  else {
    const problem = firstJsonProblem(data, `${path}.data`);
    if (problem) problems.push(problem);
    // Same length as the canonical form (JCS only reorders keys), and native JSON.stringify is much cheaper; cheaper
    // still, a bound that settles nearly every event without serialising it.
    else if (!certainlyWithinJsonBytes(data, LIMITS.dataBytes) && Buffer.byteLength(JSON.stringify(data)) > LIMITS.dataBytes) {
      problems.push({ field: `${path}.data`, rule: `must be at most ${LIMITS.dataBytes} bytes as canonical JSON` });
    }
  }
  const metadata = metadataProblems(candidate.metadata, `${path}.metadata`, occurredAtCheck);
  problems.push(...metadata);
  if (metadata.length === 0) {
    const problem = firstJsonProblem(candidate.metadata, `${path}.metadata`);
    if (problem) problems.push(problem);
    else if (
      !certainlyWithinJsonBytes(candidate.metadata as JsonObject, LIMITS.metadataBytes) &&
      Buffer.byteLength(JSON.stringify(candidate.metadata)) > LIMITS.metadataBytes
    ) {
      problems.push({ field: `${path}.metadata`, rule: `must be at most ${LIMITS.metadataBytes} bytes as canonical JSON` });
    }
  }
  return problems;
}

/**
 * Checks a whole append before anything touches the store, and returns the events ready to store.
 * Every problem is reported at once so a client can fix its input in one go. `occurredAt` is checked by the store
 * itself (shape, calendar, order), then by `occurredAtRule` when the store's opener supplied one.
 * @throws InvalidEvent
 */
export function validateAppend(
  streamId: unknown,
  events: unknown,
  expectedRevision: unknown,
  occurredAtRule?: OccurredAtRule,
): PreparedEvent[] {
  const problems: ValidationProblem[] = [...streamIdProblems(streamId), ...expectedRevisionProblems(expectedRevision)];
  if (!Array.isArray(events) || events.length === 0) {
    problems.push({ field: 'events', rule: 'must be a non-empty list' });
    throw new InvalidEvent(problems);
  }
  if (events.length > LIMITS.eventsPerAppend) {
    problems.push({ field: 'events', rule: `must hold at most ${LIMITS.eventsPerAppend} events` });
    throw new InvalidEvent(problems);
  }
  const occurredAtCheck = occurredAtProblemsWith(occurredAtRule);
  const seen = new Map<string, number>();
  events.forEach((event, index) => {
    problems.push(...eventProblems(event, `events[${index}]`, occurredAtCheck));
    const id = (event as EventToAppend | null)?.eventId;
    if (typeof id === 'string') {
      const key = id.toLowerCase();
      if (seen.has(key)) problems.push({ field: `events[${index}].eventId`, rule: `must differ from events[${seen.get(key)}].eventId` });
      seen.set(key, index);
    }
  });
  if (problems.length > 0) throw new InvalidEvent(problems);

  return (events as EventToAppend[]).map((event) => {
    const metadata: EventMetadata = { ...event.metadata, schemaVersion: event.metadata.schemaVersion ?? 1 };
    return {
      eventId: event.eventId ? event.eventId.toLowerCase() : uuidv7(),
      type: event.type,
      data: event.data,
      metadata,
    };
  });
}

export function assertExpectedRevision(expectedRevision: unknown): asserts expectedRevision is ExpectedRevision {
  const problems = expectedRevisionProblems(expectedRevision);
  if (problems.length > 0) throw new InvalidEvent(problems);
}
