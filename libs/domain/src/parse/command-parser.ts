import { MAX_COMMAND_BYTES } from './bounds';
import { CommandRejected } from './command-rejected';
import { hasOwn, isPlainObject } from './plain-object';
import { newScope, report, type ParseContext, type Schema } from './schema';
import { utf8Length } from './utf8-length';

export interface CommandKind {
  readonly name: string;
  readonly schemas: Readonly<Record<string, Schema<object>>>;
}

/**
 * `{ type, ...fields }` of one stream kind: the type first (one of the kind's commands, else a problem on `type`
 * listing them), then every field by the command's schema, then the size of the whole. Throws CommandRejected with
 * every problem found; returns the command as read (text trimmed, null optional fields dropped, fields in order).
 */
export function parseCommandOf<Command extends { readonly type: string }>(
  kind: CommandKind,
  other: CommandKind,
  input: unknown,
  context: ParseContext,
): Command {
  const scope = newScope(context);
  if (!isPlainObject(input)) {
    report(scope, 'command', `must be an object: { type, ...the fields of the ${kind.name} command }`);
    throw new CommandRejected(scope.problems);
  }
  const type = input.type;
  if (typeof type !== 'string' || !hasOwn(kind.schemas, type)) {
    const elsewhere =
      typeof type === 'string' && hasOwn(other.schemas, type)
        ? ` (${type} is ${/^[aeiou]/.test(other.name) ? 'an' : 'a'} ${other.name} command)`
        : '';
    report(scope, 'type', `must be one of ${Object.keys(kind.schemas).join(', ')}${elsewhere}`);
    throw new CommandRejected(scope.problems);
  }
  const fields = Object.fromEntries(Object.entries(input).filter(([key]) => key !== 'type'));
  const data = kind.schemas[type](fields, '', scope);
  if (scope.failures > 0 || data === undefined) throw new CommandRejected(scope.problems);
  const command = { type, ...data } as Command;
  const bytes = utf8Length(JSON.stringify(command));
  if (bytes > MAX_COMMAND_BYTES) {
    report(
      scope,
      'command',
      `must be at most ${MAX_COMMAND_BYTES.toLocaleString('en-GB')} bytes as JSON (has ${bytes.toLocaleString('en-GB')})`,
    );
    throw new CommandRejected(scope.problems);
  }
  return command;
}
