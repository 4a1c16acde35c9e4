import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { bounds } from '@plan-ledger/domain';
import type { ValidationProblem } from '@plan-ledger/domain';
import { InputRejected } from './input-rejected';

function problemsOf(errors: readonly ValidationError[], parent = ''): ValidationProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((rule) => ({
      field,
      rule: rule.replace(new RegExp(`^${error.property} `), ''),
    }));
    return [...own, ...problemsOf(error.children ?? [], field)];
  });
}

/** The first path at which a value nests deeper than `limit`, found without recursion (so any depth is safe). */
function tooDeep(value: unknown, limit: number): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return path || 'input';
    for (const [key, child] of Object.entries(current)) stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
  }
  return undefined;
}

/**
 * class-transformer and class-validator recurse through the input, and a few thousand levels of nesting overflow the
 * stack; the domain refuses more than MAX_JSON_DEPTH levels anyway, so such input is refused here first, by name.
 */
class DepthLimitedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Our own parameter decorators (the principal, the request) hand over what the service built, not input.
    if (metadata.type === 'custom') return value;
    const path = tooDeep(value, bounds.MAX_JSON_DEPTH + 8);
    if (path !== undefined) {
      throw new InputRejected([
        { field: path.split('.').slice(0, 4).join('.'), rule: `must be nested at most ${bounds.MAX_JSON_DEPTH} levels deep` },
      ]);
    }
    return super.transform(value, metadata);
  }
}

/** class-validator on every input, unknown fields refused, failures reported as InputRejected naming each field. */
export function ledgerValidationPipe(): ValidationPipe {
  return new DepthLimitedValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InputRejected(problemsOf(errors)),
  });
}
