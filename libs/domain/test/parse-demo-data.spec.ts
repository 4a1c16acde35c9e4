// eslint-disable-next-line no-restricted-imports -- a test only: the service's demo data must pass the domain's parsers
import { DEMO_JOURNEYS } from '../../../apps/api/src/seed/demo-journeys';
import { parseAuthorityCommand, parseBusinessTime, parsePlanCommand } from '../src/parse';
import { checkRegistration } from '../src/register';

const context = { recordedOn: '2026-11-24' };

describe('the demo journeys pass the parsers unchanged', () => {
  it.each(DEMO_JOURNEYS.map((step, index) => [index + 1, step.command.type, step] as const))(
    'given demo step %i (%s), when it is parsed, then it is accepted as written',
    (_, __, step) => {
      const parse = step.kind === 'authority' ? parseAuthorityCommand : parsePlanCommand;
      expect(parse(step.command, context)).toEqual(step.command);
      expect(parseBusinessTime(step.occurredAt, 'occurredAt', context)).toEqual(step.occurredAt);
    },
  );

  it('given the demo registrations, when checked against the national register, then each is accepted', () => {
    const registrations = DEMO_JOURNEYS.filter((step) => step.command.type === 'RegisterAuthority');
    expect(registrations.length).toBeGreaterThan(0);
    for (const step of registrations) {
      const command = parseAuthorityCommand(step.command, context);
      if (command.type !== 'RegisterAuthority') throw new Error('not a registration');
      expect(checkRegistration(command)).toEqual([]);
    }
  });
});
