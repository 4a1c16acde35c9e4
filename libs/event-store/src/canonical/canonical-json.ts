import canonicalize from 'canonicalize';
import type { JsonValue } from '../json/json-value';

/** Keys V8 enumerates before all others, in numeric order, whatever order they were added in. */
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
const UNSORTABLE = Symbol('unsortable');

/**
 * A copy of `value` whose objects hold their keys in RFC 8785 order (UTF-16 code units, as Array.prototype.sort
 * compares), so that native JSON.stringify writes the canonical text: every string and number is then written by
 * JSON.stringify, exactly as `canonicalize` writes them. UNSORTABLE where insertion order cannot fix the order: a key
 * that is an array index (V8 lists those first); NaN and Infinity, which `canonicalize` refuses where JSON.stringify
 * writes null. Objects are made without a prototype, so a `__proto__` key stays a key.
 */
function sortedCopy(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : UNSORTABLE;
  // Left to `canonicalize`, which writes them its own way (refused as JSON by the store's checks before any append).
  if (typeof value === 'function') return UNSORTABLE;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = sortedCopy(value[i]);
      if (item === UNSORTABLE) return UNSORTABLE;
      copy[i] = item;
    }
    return copy;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return UNSORTABLE;
  const keys = Object.keys(value);
  for (const key of keys) if (ARRAY_INDEX.test(key)) return UNSORTABLE;
  keys.sort();
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of keys) {
    const item = sortedCopy((value as Record<string, unknown>)[key]);
    if (item === UNSORTABLE) return UNSORTABLE;
    copy[key] = item;
  }
  return copy;
}

/** RFC 8785 text: natively where key order alone makes it canonical (nearly always), else by `canonicalize`. */
function canonicalString(value: JsonValue): string | undefined {
  const sorted = sortedCopy(value);
  return sorted === UNSORTABLE ? canonicalize(value) : JSON.stringify(sorted);
}

/**
 * RFC 8785 (JCS) bytes of a JSON value. The log keeps these exact bytes so that a notary can hash
 * them and an auditor can recompute the same hash from an export, whatever JSON library they use.
 * Every event is canonicalised on append, so the common case is native (see sortedCopy); a property test holds the
 * bytes equal to `canonicalize`'s.
 */
export function canonicalBytes(value: JsonValue): Buffer {
  const text = canonicalString(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return Buffer.from(text, 'utf8');
}

export function canonicalText(value: JsonValue): string {
  const text = canonicalString(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}
