import type { AuthorityCommand } from '../authority/authority-commands';
import { parseCommandOf } from './command-parser';
import { AUTHORITY_COMMAND_SCHEMAS, PLAN_COMMAND_SCHEMAS } from './command-schemas';
import type { ParseContext } from './schema';

/**
 * An authority-stream command, `{ type, ...fields }` exactly as AuthorityCommand, checked for shape before any
 * decider sees it: every field known and of its kind, within the bounds of ./bounds.ts. Throws CommandRejected
 * listing every problem.
 */
export function parseAuthorityCommand(input: unknown, context: ParseContext): AuthorityCommand {
  return parseCommandOf<AuthorityCommand>(
    { name: 'authority', schemas: AUTHORITY_COMMAND_SCHEMAS },
    { name: 'plan', schemas: PLAN_COMMAND_SCHEMAS },
    input,
    context,
  );
}
