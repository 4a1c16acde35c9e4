import { runLedger } from './support/cli';
import { graphql } from './support/graphql';
import { startApp, type RunningApp } from './support/running-app';

/**
 * Keeping the read model: rebuilt from the log while the service answers and others write, then checked against a
 * fold from scratch (`ledger projections verify`, through the service). The lag is on /health and in every cut.
 */
describe('read model upkeep', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
  }, 120_000);
  afterAll(async () => running?.stop());

  const grade = (n: number) =>
    graphql(
      running.baseUrl,
      `
        mutation ($input: GradeProgressInput!) {
          gradeProgress(input: $input) {
            revision
          }
        }
      `,
      {
        input: {
          planId: 'worcestershire-2017-06',
          target: 'priority',
          targetId: 'family-front-door',
          grade: ['red', 'amber', 'green'][n % 3],
          gradedBy: 'board',
          occurredAt: { from: '2017-11', precision: 'month' },
          commandId: `upkeep-${n}`,
        },
      },
    );

  it('given writes and reads going on, when the model is rebuilt, then nothing fails and the model is the fold of the log afterwards', async () => {
    let writing = true;
    const writes = (async () => {
      const errors: unknown[] = [];
      for (let n = 0; writing || n < 10; n++) {
        const response = await grade(n);
        if (response.errors) errors.push(response.errors);
      }
      return errors;
    })();
    const reads = (async () => {
      const errors: unknown[] = [];
      while (writing) {
        const response = await graphql(running.baseUrl, '{ plans(first: 10) { totalCount } authorities { totalCount } }');
        if (response.errors) errors.push(response.errors);
      }
      return errors;
    })();
    const rebuilt = await graphql<{ rebuildReadModel: { position: string; hash: string } }>(
      running.baseUrl,
      'mutation { rebuildReadModel { position hash } }',
    );
    writing = false;
    expect(rebuilt.errors).toBeUndefined();
    expect(await writes).toEqual([]);
    expect(await reads).toEqual([]);

    const verified = await runLedger(['projections', 'verify', '--api', running.baseUrl]);
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toMatch(/^OK: the live read model at position \d+ is the fold of \d+ events/);
    expect(verified.code).toBe(0);
  }, 120_000);

  it('given the model has caught up, when /health and a query are asked, then both give its position and lag', async () => {
    await grade(1000);
    const answer = await graphql<{
      plans: { cut: { answeredFrom: string; headPosition: string; readModelPosition: string; readModelBehind: number } };
    }>(running.baseUrl, '{ plans(first: 1) { cut { answeredFrom headPosition readModelPosition readModelBehind } } }');
    expect(answer.data!.plans.cut).toMatchObject({ answeredFrom: 'read model', readModelBehind: 0 });
    expect(answer.data!.plans.cut.readModelPosition).toBe(answer.data!.plans.cut.headPosition);
    const health = (await (await fetch(`${running.baseUrl}/health`)).json()) as {
      readModel?: { position: string; eventsBehind: number; state: string };
    };
    expect(health.readModel).toMatchObject({ position: answer.data!.plans.cut.headPosition, eventsBehind: 0, state: 'live' });
  });
});
