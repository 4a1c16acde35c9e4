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
  if (depth > MAX_DEPTH) return { field: path, rule: `must be nested at most ${MAX_DEPTH} levels deep` };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : { field: path, rule: `must be JSON (a finite number), not ${describe(value)}` };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = firstJsonProblem(value[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const problem = firstJsonProblem(child, `${path}.${key}`, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return { field: path, rule: `must be JSON, not ${describe(value)}` };
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && isPlainObject(value);
}
