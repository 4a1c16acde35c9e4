import { report, type Schema } from './schema';

export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
}

function describe(bounds: NumberBounds): string {
  const format = (n: number): string => n.toLocaleString('en-GB', { maximumFractionDigits: 20 });
  if (bounds.min !== undefined && bounds.max !== undefined) return `from ${format(bounds.min)} to ${format(bounds.max)}`;
  if (bounds.min !== undefined) return `at least ${format(bounds.min)}`;
  return `at most ${format(bounds.max!)}`;
}

/** A finite number (a JSON number, not text such as "65.5%"), within its bounds; -0 becomes 0. */
export function number(bounds: NumberBounds = {}): Schema<number> {
  return (value, path, scope) => {
    if (typeof value !== 'number') return report(scope, path, 'must be a number');
    if (!Number.isFinite(value)) return report(scope, path, 'must be a finite number');
    if ((bounds.min !== undefined && value < bounds.min) || (bounds.max !== undefined && value > bounds.max)) {
      return report(scope, path, `must be ${describe(bounds)}`);
    }
    return value === 0 ? 0 : value;
  };
}

/** A whole number within its bounds. */
export function integer(bounds: NumberBounds = {}): Schema<number> {
  const finite = number();
  return (value, path, scope) => {
    const parsed = finite(value, path, scope);
    if (parsed === undefined) return undefined;
    if (!Number.isInteger(parsed)) return report(scope, path, 'must be a whole number');
    if ((bounds.min !== undefined && parsed < bounds.min) || (bounds.max !== undefined && parsed > bounds.max)) {
      return report(scope, path, `must be a whole number ${describe(bounds)}`);
    }
    return parsed;
  };
}
