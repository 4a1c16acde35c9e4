import { isIsoDate } from '../shared/dates';
import { MAX_PROBLEMS } from './bounds';
import { CommandRejected, type Problem } from './command-rejected';

/** What the parsers need to know besides the input: the day (YYYY-MM-DD) the command is being recorded. */
export interface ParseContext {
  readonly recordedOn: string;
}

/** Where one parse collects what it finds wrong. `failures` keeps counting after `problems` stops growing. */
export interface Scope {
  readonly context: ParseContext;
  readonly problems: Problem[];
  failures: number;
}

type Parse<T> = (value: unknown, path: string, scope: Scope) => T | undefined;

/**
 * Reads one value: returns it (possibly normalised: trimmed text, null optional fields dropped) or undefined after
 * reporting at least one problem under `path`. A schema never throws for bad input.
 */
export type Schema<T> = Parse<T> & { readonly optional?: never };

/** A schema for a field that may be absent (or null): undefined then means "absent", not "refused". */
export type OptionalSchema<T> = Parse<T> & { readonly optional: true };

export function report(scope: Scope, field: string, rule: string): undefined {
  scope.failures++;
  if (scope.problems.length < MAX_PROBLEMS) scope.problems.push({ field, rule });
  return undefined;
}

/**
 * A key as it may safely appear in a problem: printable ASCII kept, anything else (control and bidirectional
 * characters included) escaped as \uXXXX, and cut at 60 characters, since unknown keys come from the input.
 */
function printableKey(key: string): string {
  if (/^[\x20-\x7E]{1,60}$/.test(key)) return key;
  const escaped = [...key.slice(0, 60)]
    .map((char) => (/^[\x20-\x7E]$/.test(char) ? char : `\\u${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`))
    .join('');
  return key.length > 60 ? `${escaped}…` : escaped || '""';
}

export function fieldPath(path: string, key: string): string {
  const name = printableKey(key);
  return path ? `${path}.${name}` : name;
}

export function itemPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

export function newScope(context: ParseContext): Scope {
  if (!isIsoDate(context?.recordedOn)) {
    throw new TypeError(`ParseContext.recordedOn must be a real date written YYYY-MM-DD, not ${String(context?.recordedOn)}`);
  }
  return { context, problems: [], failures: 0 };
}

/** Runs a schema on a whole input: the value, or CommandRejected listing every problem. */
export function parseWith<T>(schema: Schema<T>, value: unknown, path: string, context: ParseContext): T {
  const scope = newScope(context);
  const parsed = schema(value, path, scope);
  if (scope.failures > 0 || parsed === undefined) throw new CommandRejected(scope.problems);
  return parsed;
}

/** Runs a schema on a whole input and returns its problems (empty when it is valid). */
export function problemsWith<T>(schema: Schema<T>, value: unknown, path: string, context: ParseContext): Problem[] {
  const scope = newScope(context);
  const parsed = schema(value, path, scope);
  if (scope.failures === 0 && parsed === undefined) report(scope, path || 'value', 'is required');
  return scope.problems;
}
