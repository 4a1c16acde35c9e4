import { MAX_LIST_ITEMS } from './bounds';
import { itemPath, report, type Schema } from './schema';

/** A list of at most `max` items (100 unless said), each read by `item` and named `path[i]`. */
export function list<T>(item: Schema<T>, max: number = MAX_LIST_ITEMS): Schema<readonly T[]> {
  return (value, path, scope) => {
    if (!Array.isArray(value)) return report(scope, path, 'must be a list');
    if (value.length > max) return report(scope, path, `must have at most ${max} items (has ${value.length})`);
    const before = scope.failures;
    const items: T[] = [];
    for (let index = 0; index < value.length; index++) {
      const element: unknown = value[index];
      const at = itemPath(path, index);
      const parsed = element === undefined || element === null ? report(scope, at, 'is required') : item(element, at, scope);
      if (parsed !== undefined) items.push(parsed);
    }
    return scope.failures > before ? undefined : items;
  };
}
