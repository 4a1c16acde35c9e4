import type { OptionalSchema, Schema } from './schema';

/** A field that may be absent; null counts as absent and is dropped. */
export function optional<T>(schema: Schema<T>): OptionalSchema<T> {
  const parse = (value: unknown, path: string, scope: Parameters<Schema<T>>[2]): T | undefined =>
    value === undefined || value === null ? undefined : schema(value, path, scope);
  return Object.assign(parse, { optional: true as const });
}
