import { DomainRuleViolation } from '../shared/domain-error';
import type { ValidationProblem } from '../validation/validation-problem';

/** One broken rule: the field's path (`inspectors[2].name`, `fieldwork.end`, `changes.grade`) and the rule in words. */
export type Problem = ValidationProblem;

/**
 * A command (or event data, or business time) that is not of the shape its kind must have. Every problem found is
 * listed; `field` and `rule` are the first one's, so callers that know only DomainRuleViolation still say something true.
 */
export class CommandRejected extends DomainRuleViolation {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const [first = { field: 'command', rule: 'was refused' }] = problems;
    super('INVALID_COMMAND', first.field, first.rule);
    this.name = 'CommandRejected';
    this.problems = problems.length > 0 ? [...problems] : [first];
    this.message = this.problems.map((problem) => `${problem.field}: ${problem.rule}`).join('; ');
  }
}
