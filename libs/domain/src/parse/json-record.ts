import { FIELD_NAME_PATTERN, MAX_JSON_DEPTH, MAX_LIST_ITEMS } from './bounds';
import { hasOwn, isPlainObject } from './plain-object';
import { fieldPath, itemPath, report, type Schema, type Scope } from './schema';

/** A copy of a JSON value (null, true/false, finite numbers, strings, lists, plain objects), or undefined if it is not one. */
function jsonValue(value: unknown, path: string, scope: Scope, depth: number): unknown {
  if (depth > MAX_JSON_DEPTH) return report(scope, path, `must be nested at most ${MAX_JSON_DEPTH} levels deep`);
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return report(scope, path, 'must be a finite number');
    return value === 0 ? 0 : value;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (let index = 0; index < value.length; index++) {
      const item = jsonValue(value[index], itemPath(path, index), scope, depth + 1);
      if (item === undefined) return undefined;
      copy.push(item);
    }
    return copy;
  }
  if (isPlainObject(value)) {
    const entries: [string, unknown][] = [];
    for (const key of Object.keys(value)) {
      const item = jsonValue(value[key], fieldPath(path, key), scope, depth + 1);
      if (item === undefined) return undefined;
      entries.push([key, item]);
    }
    return Object.fromEntries(entries);
  }
  return report(scope, path, 'must be a JSON value (null, true or false, a number, text, a list or an object)');
}

/**
 * A correction's `changes`: a plain object of at most 100 fields, each named like a data field, each any JSON value.
 * What the values must be is the corrected event's business, checked against its own schema once it is known.
 */
export function fieldChanges(): Schema<Readonly<Record<string, unknown>>> {
  return (value, path, scope) => {
    if (!isPlainObject(value)) return report(scope, path, 'must be an object of field names and their new values');
    const keys = Object.keys(value);
    if (keys.length > MAX_LIST_ITEMS) return report(scope, path, `must change at most ${MAX_LIST_ITEMS} fields (has ${keys.length})`);
    const before = scope.failures;
    const entries: [string, unknown][] = [];
    for (const key of keys) {
      if (key === 'type') {
        report(scope, fieldPath(path, key), "is the event's kind, not one of its fields: retract the event and record the right one");
        continue;
      }
      if (!FIELD_NAME_PATTERN.test(key)) {
        report(scope, fieldPath(path, key.slice(0, 100)), 'is not a field name (letters and digits, starting with a letter)');
        continue;
      }
      const raw = hasOwn(value, key) ? value[key] : undefined;
      const copy = jsonValue(raw, fieldPath(path, key), scope, 1);
      if (copy !== undefined) entries.push([key, copy]);
    }
    return scope.failures > before ? undefined : Object.fromEntries(entries);
  };
}
