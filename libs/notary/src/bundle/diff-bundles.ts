import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { bundleFiles } from './bundle-files';
import { fileLines, splitLeafInput } from './bundle-lines';

/** One event as a bundle holds it, for saying which event is meant. */
export interface BundleEvent {
  readonly position: number;
  readonly eventId?: string;
  readonly streamId?: string;
  readonly revision?: number;
  readonly type?: string;
  readonly recordedAt?: string;
}

export interface FieldChange {
  readonly path: string;
  /** The value as JSON; undefined when the field is absent. */
  readonly a?: string;
  readonly b?: string;
}

export interface FirstDifference {
  readonly position: number;
  /** A's event there; undefined when A ends before it (B holds more). */
  readonly a?: BundleEvent;
  /** B's event there; undefined when B ends before it (B is shorter). */
  readonly b?: BundleEvent;
  /**
   * 'altered': the same event with other bytes; 'replaced': another event stands there (A's was removed or moved, or B's
   * inserted); 'removed': B ends where A goes on; 'appended': A ends where B goes on (B extends A when nothing else differs).
   */
  readonly kind: 'altered' | 'replaced' | 'removed' | 'appended';
  /** For 'altered': the fields whose values differ, as paths (`data.title`) with A's and B's values as JSON, at most 20. */
  readonly changedFields: readonly FieldChange[];
  /** The first byte offset, within the stored event, where the two differ. */
  readonly byteOffset?: number;
  /** For 'replaced': where A's event is in B, and where B's event is in A (undefined: not there at all). */
  readonly aEventInB?: number;
  readonly bEventInA?: number;
}

export interface BundleDiff {
  readonly aEvents: number;
  readonly bEvents: number;
  /** A's events are B's first events, byte for byte: B is A with events appended (or the same). */
  readonly extends: boolean;
  readonly sameKey: boolean;
  readonly first?: FirstDifference;
  /** Events of A that B holds with other bytes, A's events missing from B, B's events absent from A before A's end. */
  readonly altered: readonly BundleEvent[];
  readonly removed: readonly BundleEvent[];
  readonly inserted: readonly BundleEvent[];
  /** Events of B after the last of A's that B holds: new since A. */
  readonly appended: number;
}

interface Line {
  readonly position: number;
  readonly event: Buffer;
}

function* bundleEvents(dir: string): Generator<Line> {
  let position = 0;
  for (const line of fileLines(bundleFiles(dir).events)) {
    position++;
    const leaf = splitLeafInput(line);
    if (!leaf) throw new Error(`${bundleFiles(dir).events} line ${position} is not {"event":...,"position":N} as exported`);
    yield { position, event: leaf.event };
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function parse(event: Buffer): Record<string, Json> | undefined {
  try {
    const value = JSON.parse(event.toString('utf8')) as Json;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function describe(position: number, event: Buffer): BundleEvent {
  const parsed = parse(event);
  const text = (key: string): string | undefined => (typeof parsed?.[key] === 'string' ? (parsed[key] as string) : undefined);
  const revision = parsed?.revision;
  return {
    position,
    eventId: text('eventId'),
    streamId: text('streamId'),
    type: text('type'),
    recordedAt: text('recordedAt'),
    ...(typeof revision === 'number' ? { revision } : {}),
  };
}

/** The paths at which two JSON values differ, depth first, at most `max`. */
function changedPaths(a: Json | undefined, b: Json | undefined, path: string, out: FieldChange[], max = 20): void {
  if (out.length >= max) return;
  const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
      changedPaths(a[key], b[key], path ? `${path}.${key}` : key, out, max);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) changedPaths(a[i], b[i], `${path}[${i}]`, out, max);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b))
    out.push({
      path: path || '(the whole event)',
      ...(a !== undefined ? { a: JSON.stringify(a) } : {}),
      ...(b !== undefined ? { b: JSON.stringify(b) } : {}),
    });
}

function firstByteDifference(a: Buffer, b: Buffer): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return length;
}

const digest = (event: Buffer): string => createHash('sha256').update(event).digest('base64');

/**
 * Compares two bundles of the same log, e.g. one exported and minuted earlier and one exported today: whether B
 * extends A (A's events are B's first, byte for byte), and if not, the exact first event that differs and what else
 * was altered, removed or inserted. Events are matched by id, so a removal is told from an alteration.
 * @throws Error when a bundle cannot be read
 */
export function diffBundles(a: string, b: string): BundleDiff {
  for (const dir of [a, b])
    if (!existsSync(bundleFiles(dir).events)) throw new Error(`${bundleFiles(dir).events} is missing: ${dir} is not a bundle`);
  const keyOf = (dir: string): string =>
    existsSync(bundleFiles(dir).publicKey) ? readFileSync(bundleFiles(dir).publicKey, 'utf8').trim() : '';

  // Ids and digests only, not the events: two large bundles are compared in the memory of their ids.
  const aById = new Map<string, { position: number; digest: string }>();
  const bById = new Map<string, { position: number; digest: string }>();
  let first: FirstDifference | undefined;
  const aLines = bundleEvents(a);
  const bLines = bundleEvents(b);
  let aCount = 0;
  let bCount = 0;
  for (;;) {
    const x = aLines.next();
    const y = bLines.next();
    if (x.done && y.done) break;
    const position = Math.max(aCount, bCount) + 1;
    if (!x.done) {
      aCount++;
      const id = describe(x.value.position, x.value.event).eventId;
      if (id !== undefined) aById.set(id, { position: x.value.position, digest: digest(x.value.event) });
    }
    if (!y.done) {
      bCount++;
      const id = describe(y.value.position, y.value.event).eventId;
      if (id !== undefined) bById.set(id, { position: y.value.position, digest: digest(y.value.event) });
    }
    if (first || (!x.done && !y.done && x.value.event.equals(y.value.event))) continue;
    const aEvent = x.done ? undefined : describe(position, x.value.event);
    const bEvent = y.done ? undefined : describe(position, y.value.event);
    if (!aEvent) first = { position, b: bEvent, kind: 'appended', changedFields: [] };
    else if (!bEvent) first = { position, a: aEvent, kind: 'removed', changedFields: [] };
    else {
      const same = aEvent.eventId !== undefined && aEvent.eventId === bEvent.eventId;
      const fields: FieldChange[] = [];
      if (same) changedPaths(parse(x.value!.event) ?? undefined, parse(y.value!.event) ?? undefined, '', fields);
      first = {
        position,
        a: aEvent,
        b: bEvent,
        kind: same ? 'altered' : 'replaced',
        changedFields: fields,
        byteOffset: firstByteDifference(x.value!.event, y.value!.event),
      };
    }
  }

  const altered: BundleEvent[] = [];
  const removed: BundleEvent[] = [];
  const inserted: BundleEvent[] = [];
  let lastOfAInB = 0;
  for (const [id, at] of aById) {
    const inB = bById.get(id);
    if (!inB) removed.push({ position: at.position, eventId: id });
    else {
      lastOfAInB = Math.max(lastOfAInB, inB.position);
      if (inB.digest !== at.digest) altered.push({ position: at.position, eventId: id });
    }
  }
  let appended = 0;
  for (const [id, at] of bById) {
    if (aById.has(id)) continue;
    if (at.position <= lastOfAInB) inserted.push({ position: at.position, eventId: id });
    else appended++;
  }
  if (first?.kind === 'replaced') {
    const aId = first.a?.eventId;
    const bId = first.b?.eventId;
    first = {
      ...first,
      ...(aId !== undefined && bById.has(aId) ? { aEventInB: bById.get(aId)!.position } : {}),
      ...(bId !== undefined && aById.has(bId) ? { bEventInA: aById.get(bId)!.position } : {}),
    };
  }
  return {
    aEvents: aCount,
    bEvents: bCount,
    extends: first === undefined || first.kind === 'appended',
    sameKey: keyOf(a) === keyOf(b),
    first,
    altered,
    removed,
    inserted,
    appended,
  };
}
