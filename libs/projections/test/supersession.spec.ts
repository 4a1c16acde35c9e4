import { effectiveLedger, planView, withSupersession, type PlanView } from '@plan-ledger/projections';
import { planCreated } from './support/fixtures';
import { stream } from './support/recorded-events';

function plan(planId: string, extra: Record<string, string> = {}, closed = false): PlanView {
  const view = planView(
    effectiveLedger(
      stream(`plan-${planId}`, [
        { type: 'PlanCreated', data: planCreated(planId, extra) },
        ...(closed ? [{ type: 'PlanClosed', data: { reason: 'replaced' } }] : []),
      ]),
    ).entries,
    '2018-01-01',
  );
  if (!view) throw new Error(`no plan ${planId}`);
  return view;
}

const statuses = (plans: readonly PlanView[]) => plans.map(({ planId, status, supersededBy }) => ({ planId, status, supersededBy }));

describe('withSupersession', () => {
  it('marks a plan another plan of the list supersedes, closed or not, and leaves the rest as they are', () => {
    const june = plan('june', {}, true);
    const october = plan('october', { supersedes: 'june' });
    const march = plan('march', { supersedes: 'october' });
    const other = plan('other');
    expect(statuses(withSupersession([june, october, march, other]))).toEqual([
      { planId: 'june', status: 'superseded', supersededBy: 'october' },
      { planId: 'october', status: 'superseded', supersededBy: 'march' },
      { planId: 'march', status: 'open', supersededBy: null },
      { planId: 'other', status: 'open', supersededBy: null },
    ]);
  });

  it('says nothing of a plan superseded by one outside the list (not known at the cut), or of one naming a plan not in it', () => {
    const june = plan('june');
    const orphan = plan('orphan', { supersedes: 'never-recorded' });
    expect(statuses(withSupersession([june, orphan]))).toEqual([
      { planId: 'june', status: 'open', supersededBy: null },
      { planId: 'orphan', status: 'open', supersededBy: null },
    ]);
  });

  it('names the first plan of the list when two claim the same one, and never a plan as its own successor', () => {
    const june = plan('june');
    const a = plan('a', { supersedes: 'june' });
    const b = plan('b', { supersedes: 'june' });
    const self = plan('self', { supersedes: 'self' });
    expect(withSupersession([june, a, b, self]).map((p) => p.supersededBy)).toEqual(['a', null, null, null]);
  });

  it('is pure: the plans given are not changed, and the same list gives the same answer', () => {
    const june = plan('june');
    const october = plan('october', { supersedes: 'june' });
    const first = withSupersession([june, october]);
    expect(june.status).toBe('open');
    expect(withSupersession([june, october])).toEqual(first);
  });
});
