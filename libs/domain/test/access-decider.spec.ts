import {
  CommandRejected,
  DomainRuleViolation,
  accessDecider,
  fold,
  parseAccessCommand,
  type AccessEvent,
  type DomainErrorCode,
} from '@plan-ledger/domain';

const RECORDED_ON = '2026-11-24';

/** given (access events on record) / when (a raw command, through the access stream's one parse) / then. */
function given(history: readonly AccessEvent[]) {
  const state = () =>
    fold(
      accessDecider,
      history.map((event, index) => ({ ...event, eventId: `e${index + 1}` })),
    );
  return {
    when(command: unknown) {
      const attempt = () =>
        accessDecider.decide(parseAccessCommand(command, { recordedOn: RECORDED_ON }), state(), { recordedOn: RECORDED_ON });
      return {
        then: (expected: readonly AccessEvent[]) => expect(attempt()).toEqual(expected),
        thenRefused(code: DomainErrorCode, field: string) {
          expect(attempt).toThrow(DomainRuleViolation);
          try {
            attempt();
          } catch (error) {
            expect(error).toMatchObject({ code, field });
          }
        },
      };
    },
  };
}

const annEditor: AccessEvent = {
  type: 'AccessGranted',
  data: { grantId: 'g-ann', subject: 'oidc:ann', displayName: 'Ann Officer', role: 'editor', councils: ['885'] },
};
const auditor: AccessEvent = {
  type: 'AccessGranted',
  data: { grantId: 'g-aud', subject: 'token:aud1', displayName: 'An Auditor', role: 'auditor' },
};
const annRevoked: AccessEvent = { type: 'AccessRevoked', data: { grantId: 'g-ann', reason: 'left the council' } };

describe('access decider', () => {
  describe('granting', () => {
    it('grants a council role for named councils', () => {
      given([])
        .when({ type: 'GrantAccess', grantId: 'g-ann', subject: 'oidc:ann', displayName: 'Ann Officer', role: 'editor', councils: ['885'] })
        .then([annEditor]);
    });

    it('grants a national role for every council, naming none', () => {
      given([])
        .when({ type: 'GrantAccess', grantId: 'g-aud', subject: 'token:aud1', displayName: 'An Auditor', role: 'auditor' })
        .then([auditor]);
    });

    it('refuses a council role without councils', () => {
      given([])
        .when({ type: 'GrantAccess', grantId: 'g1', subject: 'oidc:bob', displayName: 'Bob', role: 'viewer' })
        .thenRefused('INVALID_COMMAND', 'councils');
    });

    it('refuses councils on a national role', () => {
      given([])
        .when({ type: 'GrantAccess', grantId: 'g1', subject: 'oidc:bob', displayName: 'Bob', role: 'admin', councils: ['885'] })
        .thenRefused('INVALID_COMMAND', 'councils');
    });

    it('refuses a council that is not in the national register', () => {
      given([])
        .when({ type: 'GrantAccess', grantId: 'g1', subject: 'oidc:bob', displayName: 'Bob', role: 'viewer', councils: ['885', '999'] })
        .thenRefused('INVALID_COMMAND', 'councils[1]');
    });

    it('refuses a grant id already on record, even a revoked one', () => {
      given([annEditor, annRevoked])
        .when({ type: 'GrantAccess', grantId: 'g-ann', subject: 'oidc:carl', displayName: 'Carl', role: 'viewer', councils: ['885'] })
        .thenRefused('ALREADY_STARTED', 'grantId');
    });

    it('refuses a second active grant of the same role to the same subject', () => {
      given([annEditor])
        .when({ type: 'GrantAccess', grantId: 'g2', subject: 'oidc:ann', displayName: 'Ann Officer', role: 'editor', councils: ['344'] })
        .thenRefused('INVALID_COMMAND', 'role');
    });

    it('grants the same role again once the first grant was revoked', () => {
      const again = { grantId: 'g2', subject: 'oidc:ann' as const, displayName: 'Ann Officer', role: 'editor' as const, councils: ['885'] };
      given([annEditor, annRevoked])
        .when({ type: 'GrantAccess', ...again })
        .then([{ type: 'AccessGranted', data: again }]);
    });
  });

  describe('changing', () => {
    it('moves a council role to other councils', () => {
      given([annEditor])
        .when({ type: 'ChangeAccess', grantId: 'g-ann', councils: ['885', '344'] })
        .then([{ type: 'AccessChanged', data: { grantId: 'g-ann', councils: ['885', '344'] } }]);
    });

    it('refuses a change to a national role that keeps the councils', () => {
      given([annEditor])
        .when({ type: 'ChangeAccess', grantId: 'g-ann', role: 'auditor', councils: ['885'] })
        .thenRefused('INVALID_COMMAND', 'councils');
    });

    it('refuses a change from a national role to a council role without councils', () => {
      given([auditor]).when({ type: 'ChangeAccess', grantId: 'g-aud', role: 'viewer' }).thenRefused('INVALID_COMMAND', 'councils');
    });

    it('refuses a change that changes nothing', () => {
      given([annEditor]).when({ type: 'ChangeAccess', grantId: 'g-ann' }).thenRefused('INVALID_COMMAND', 'grantId');
    });

    it('refuses a change of a revoked grant', () => {
      given([annEditor, annRevoked])
        .when({ type: 'ChangeAccess', grantId: 'g-ann', displayName: 'Ann' })
        .thenRefused('INVALID_COMMAND', 'grantId');
    });
  });

  describe('revoking', () => {
    it('revokes an active grant', () => {
      given([annEditor]).when({ type: 'RevokeAccess', grantId: 'g-ann', reason: 'left the council' }).then([annRevoked]);
    });

    it('refuses to revoke twice, or a grant never made', () => {
      given([annEditor, annRevoked]).when({ type: 'RevokeAccess', grantId: 'g-ann' }).thenRefused('INVALID_COMMAND', 'grantId');
      given([]).when({ type: 'RevokeAccess', grantId: 'g-none' }).thenRefused('NOT_STARTED', 'grantId');
    });
  });

  describe('evolve', () => {
    it('keeps what a grant became: role and councils changed, then revoked', () => {
      const state = fold(
        accessDecider,
        [
          annEditor,
          { type: 'AccessChanged', data: { grantId: 'g-ann', role: 'viewer', councils: ['344'] } } as AccessEvent,
          annRevoked,
        ].map((event, index) => ({ ...event, eventId: `e${index}` })),
      );
      expect(state.grants.get('g-ann')).toMatchObject({ role: 'viewer', councils: ['344'], status: 'revoked' });
    });
  });
});

describe('parsing access commands', () => {
  const parse = (input: unknown) => () => parseAccessCommand(input, { recordedOn: RECORDED_ON });

  it.each([
    [{ type: 'GrantAccess', grantId: 'g', subject: 'ann', displayName: 'Ann', role: 'editor', councils: ['885'] }, 'subject'],
    [{ type: 'GrantAccess', grantId: 'g', subject: 'oidc:ann', displayName: 'Ann', role: 'superuser' }, 'role'],
    [{ type: 'GrantAccess', grantId: 'g', subject: 'oidc:ann', displayName: 'Ann\u202e', role: 'admin' }, 'displayName'],
    [{ type: 'GrantAccess', grantId: 'g', subject: 'oidc:ann', displayName: 'Ann', role: 'viewer', councils: ['88'] }, 'councils[0]'],
    [{ type: 'GrantAccess', grantId: 'g', subject: 'oidc:ann', displayName: 'Ann', role: 'admin', token: 'x' }, 'token'],
    [{ type: 'RevokeAccess' }, 'grantId'],
    [{ type: 'RecordInspection', laCode: '885' }, 'type'],
  ])('refuses %p naming %s', (input, field) => {
    expect(parse(input)).toThrow(CommandRejected);
    try {
      parse(input)();
    } catch (error) {
      expect((error as CommandRejected).problems.map((problem) => problem.field)).toContain(field);
    }
  });
});
