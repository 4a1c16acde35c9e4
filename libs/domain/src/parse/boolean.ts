import { report, type Schema } from './schema';

/** true or false (not "true", not 1). */
export function boolean(): Schema<boolean> {
  return (value, path, scope) => (typeof value === 'boolean' ? value : report(scope, path, 'must be true or false'));
}
