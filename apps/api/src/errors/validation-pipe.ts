import { ValidationPipe, type ValidationError } from '@nestjs/common';
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

/** class-validator on every input, unknown fields refused, failures reported as InputRejected naming each field. */
export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InputRejected(problemsOf(errors)),
  });
}
