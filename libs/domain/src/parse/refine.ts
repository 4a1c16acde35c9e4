import type { Schema, Scope } from './schema';

/** A schema with one more rule, checked once the value itself has been read (the rule reports its own problems). */
export function refine<T>(schema: Schema<T>, check: (value: T, path: string, scope: Scope) => void): Schema<T> {
  return (value, path, scope) => {
    const parsed = schema(value, path, scope);
    if (parsed === undefined) return undefined;
    const before = scope.failures;
    check(parsed, path, scope);
    return scope.failures > before ? undefined : parsed;
  };
}
