import type { ValidationProblem } from '../validation/validation-problem';

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

const MAX_DEPTH = 64;

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'object';
  return typeof value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The first place where `value` is not plain JSON (what JSON.parse could have produced), or undefined.
 * Stricter than JSON.stringify on purpose: a Date, a Map or an `undefined` would be silently changed
 * on the way into the log, and the log must hold exactly what the caller meant.
 */
export function firstJsonProblem(value: unknown, path: string, depth = 0): ValidationProblem | undefined {
  // Every append checks every event: walk without building a path per value, and name the place only if there is one.
  return isPlainJson(value, depth) ? undefined : problemAt(value, path, depth);
}

function isPlainJson(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    for (const key in value) {
      if (Object.hasOwn(value, key) && !isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
    }
    return true;
  }
  return false;
}

function problemAt(value: unknown, path: string, depth: number): ValidationProblem | undefined {
  if (depth > MAX_DEPTH) return { field: path, rule: `must be nested at most ${MAX_DEPTH} levels deep` };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : { field: path, rule: `must be JSON (a finite number), not ${describe(value)}` };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = problemAt(value[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const problem = problemAt(child, `${path}.${key}`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return { field: path, rule: `must be JSON, not ${describe(value)}` };
}

/**
 * Whether plain JSON `value` certainly serialises within `limit` bytes of UTF-8, by an upper bound taken without
 * serialising it: a UTF-16 unit is at most 6 bytes in JSON (`\u001f`), a number at most 25 characters. False means
 * "maybe not": serialise to know. Appends check every event's size; nearly all are far below the limits.
 */
export function certainlyWithinJsonBytes(value: JsonValue, limit: number): boolean {
  let bound = 0;
  const visit = (item: JsonValue): boolean => {
    if (typeof item === 'string') bound += 2 + 6 * item.length;
    else if (typeof item === 'number') bound += 25;
    else if (item === null || typeof item === 'boolean') bound += 5;
    else if (Array.isArray(item)) {
      bound += 2 + item.length;
      for (const child of item) if (!visit(child)) return false;
    } else {
      bound += 2;
      for (const key in item) {
        if (!Object.hasOwn(item, key)) continue;
        bound += 4 + 6 * key.length;
        if (!visit(item[key])) return false;
      }
    }
    return bound <= limit;
  };
  return visit(value);
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && isPlainObject(value);
}
