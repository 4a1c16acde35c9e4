import { report, type Schema } from './schema';

/** One of a fixed list of words, exactly as the domain's constant spells it. */
export function enumOf<const Values extends readonly string[]>(values: Values): Schema<Values[number]> {
  const rule = `must be one of ${values.join(', ')}`;
  return (value, path, scope) =>
    typeof value === 'string' && values.includes(value) ? (value as Values[number]) : report(scope, path, rule);
}
