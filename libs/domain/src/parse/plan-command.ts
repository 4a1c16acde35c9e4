import type { PlanCommand } from '../plan/plan-commands';
import { parseCommandOf } from './command-parser';
import { AUTHORITY_COMMAND_SCHEMAS, PLAN_COMMAND_SCHEMAS } from './command-schemas';
import type { ParseContext } from './schema';

/** A plan-stream command, `{ type, ...fields }` exactly as PlanCommand; as parseAuthorityCommand. */
export function parsePlanCommand(input: unknown, context: ParseContext): PlanCommand {
  return parseCommandOf<PlanCommand>(
    { name: 'plan', schemas: PLAN_COMMAND_SCHEMAS },
    { name: 'authority', schemas: AUTHORITY_COMMAND_SCHEMAS },
    input,
    context,
  );
}
