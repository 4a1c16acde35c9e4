/**
 * Why the domain refused a command. Stable codes; the API edge maps them (INVALID_COMMAND,
 * UNKNOWN_REFERENCE and PLAN_CLOSED to BAD_USER_INPUT, NOT_STARTED to NOT_FOUND, ALREADY_STARTED to CONFLICT).
 */
export type DomainErrorCode = 'INVALID_COMMAND' | 'UNKNOWN_REFERENCE' | 'PLAN_CLOSED' | 'NOT_STARTED' | 'ALREADY_STARTED';

export class DomainRuleViolation extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
    this.name = 'DomainRuleViolation';
  }
}

export function invalid(field: string, rule: string): DomainRuleViolation {
  return new DomainRuleViolation('INVALID_COMMAND', field, rule);
}

export function unknown(field: string, rule: string): DomainRuleViolation {
  return new DomainRuleViolation('UNKNOWN_REFERENCE', field, rule);
}
