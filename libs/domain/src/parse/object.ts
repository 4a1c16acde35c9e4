import { hasOwn, isPlainObject } from './plain-object';
import { fieldPath, report, type OptionalSchema, type Schema, type Scope } from './schema';

/**
 * One schema per field of T, and no more: a field added to or removed from T's interface fails to compile, and an
 * optional field must be read with `optional(...)`, a required one without.
 */
export type Shape<T> = {
  readonly [K in keyof T]-?: undefined extends T[K] ? OptionalSchema<Exclude<T[K], undefined>> : Schema<T[K]>;
};

/**
 * Cross-field rules, run after the fields (whatever of them could be read): `parsed` holds the fields that were
 * valid, `given` the fields present (not null) in the input, so a rule can tell "absent" from "present but wrong".
 */
export type Refinement<T> = (parsed: Partial<T>, given: ReadonlySet<keyof T>, path: string, scope: Scope) => void;

/** A plain object with exactly the fields of its shape: unknown fields are refused, each by name. */
export function object<T extends object>(name: string, shape: Shape<T>, refine?: Refinement<T>): Schema<T> {
  const keys = Object.keys(shape) as (keyof T & string)[];
  const schemas = shape as Record<string, Schema<unknown> | OptionalSchema<unknown>>;
  return (value, path, scope) => {
    if (!isPlainObject(value)) return report(scope, path || 'value', `must be an object (${name})`);
    const before = scope.failures;
    for (const key of Object.keys(value)) {
      if (!hasOwn(shape, key)) report(scope, fieldPath(path, key), `is not a field of ${name} (its fields: ${keys.join(', ')})`);
    }
    const parsed: Record<string, unknown> = {};
    const given = new Set<keyof T>();
    for (const key of keys) {
      const schema = schemas[key];
      const raw = hasOwn(value, key) ? value[key] : undefined;
      if (raw !== undefined && raw !== null) given.add(key);
      if ((raw === undefined || raw === null) && !schema.optional) {
        report(scope, fieldPath(path, key), 'is required');
        continue;
      }
      const field = schema(raw, fieldPath(path, key), scope);
      if (field !== undefined) parsed[key] = field;
    }
    refine?.(parsed as Partial<T>, given, path, scope);
    return scope.failures > before ? undefined : (parsed as T);
  };
}
