import type { PlanCommand } from '@plan-ledger/domain';
import type { Principal } from '../../apps/api/src/access/principal';
import type { CommandRecorder } from '../../apps/api/src/graphql/command-recorder';
import { RecordCommand } from '../../apps/api/src/ledger/record-command';

/**
 * Types carry the domain from the edge to the decider: `npm run typecheck` (part of `npm test`) fails if any
 * `@ts-expect-error` below stops being an error, i.e. if a misspelt command name or a command sent to the wrong kind
 * of stream would compile.
 */
const occurredAt = { from: '2026-11-24', precision: 'day' } as const;
const actor: Principal = { kind: 'token', id: 'token:officer', displayName: 'An officer', roles: [{ role: 'editor', councils: ['885'] }] };

// Never called: it only has to type-check (or fail to, where marked).
export function typeChecksOnly(recorder: CommandRecorder): void {
  // @ts-expect-error 'AddAcion' is not a plan command
  void recorder.record(actor, 'plan', 'AddAcion', {}, 'p1');
  // @ts-expect-error RegisterAuthority is an authority command, not a plan command
  void recorder.record(actor, 'plan', 'RegisterAuthority', {}, 'p1');
  void recorder.record(actor, 'plan', 'AddAction', {}, 'p1');
  // @ts-expect-error a misspelt command type in a typed command
  const misspelt: PlanCommand = { type: 'ClosePlam', reason: 'done' };
  void misspelt;
}

describe('command names are checked by the compiler', () => {
  it('builds a RecordCommand only from a command of its stream kind', () => {
    const ok = new RecordCommand('plan', 'p1', { type: 'ClosePlan', reason: 'superseded' }, occurredAt, actor);
    expect(ok.is('plan')).toBe(true);
    const registration = { type: 'RegisterAuthority', laCode: '885', name: 'Worcestershire', region: 'WM' } as const;
    // @ts-expect-error an authority command cannot be addressed to a plan stream
    const wrong = new RecordCommand('plan', 'p1', registration, occurredAt, actor);
    expect(wrong.is('authority')).toBe(false);
  });
});
