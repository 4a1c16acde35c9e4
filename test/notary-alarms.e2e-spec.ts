import { join } from 'node:path';
import Database from 'better-sqlite3';
import { grantToken } from './support/access';
import { registerWorcestershire } from './support/council';
import { graphql } from './support/graphql';
import { runLedger, type LedgerRun } from './support/cli';
import { startApp, type RunningApp } from './support/running-app';

/** `ledger <args>` as a process, with LEDGER_TOKEN from `token`. */
function ledger(args: readonly string[], token: string): Promise<LedgerRun> {
  return runLedger(args, { LEDGER_TOKEN: token });
}

/** An insider edits a row of the live database: the service finds it, says so, and signs nothing over it until an admin clears it on the record. */
describe('damage found while the service runs', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
    await registerWorcestershire(running.baseUrl);
    expect((await graphql(running.baseUrl, 'mutation { signCheckpoint { size } }')).errors).toBeUndefined();
  });
  afterAll(() => running.stop());

  it('raises an alarm, reports degraded and not ready, refuses to sign, and signs again once an admin clears it with a reason', async () => {
    const db = new Database(join(running.dataDir, 'ledger.db'));
    const row = db.prepare('SELECT canonical FROM events WHERE position = 1').get() as { canonical: Buffer };
    db.prepare('UPDATE events SET canonical = ? WHERE position = 1').run(
      Buffer.from(row.canonical.toString('utf8').replace('Worcestershire', 'Worcestershira')),
    );
    db.close();

    const auditor = await grantToken(running.baseUrl, 'auditor');
    const audit = await graphql<{ auditStore: { checked: number; found: string[] } }>(
      running.baseUrl,
      'mutation { auditStore { checked found } }',
      {},
      { token: auditor.token },
    );
    // The council's registration and the auditor's grant.
    expect(audit.data?.auditStore).toEqual({ checked: 2, found: [expect.stringMatching(/^the event at position 1 .* it was altered$/)] });

    // The same, asked from the command line, which exits 1 and names the damage.
    const cli = await ledger(['audit-store', '--api', running.baseUrl], auditor.token);
    expect(cli).toMatchObject({ code: 1, stdout: expect.stringMatching(/^ALARM the event at position 1 /) });

    const health = await fetch(`${running.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', notary: { alarms: audit.data!.auditStore.found } });
    const ready = await fetch(`${running.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);

    const refused = await graphql(running.baseUrl, 'mutation { signCheckpoint { size } }');
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', rule: 'ALARMS_STANDING' });

    const viewer = await grantToken(running.baseUrl, 'viewer', ['885']);
    const byViewer = await graphql(
      running.baseUrl,
      'mutation { clearNotaryAlarms(input: { reason: "looks fine to me" }) { cleared } }',
      {},
      {
        token: viewer.token,
      },
    );
    expect(byViewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const cleared = await graphql<{ clearNotaryAlarms: { cleared: string[] } }>(
      running.baseUrl,
      'mutation { clearNotaryAlarms(input: { reason: "the row was restored by hand from the minuted bundle; see incident 42" }) { cleared position } }',
    );
    expect(cleared.data?.clearNotaryAlarms.cleared).toEqual(audit.data!.auditStore.found);
    expect((await fetch(`${running.baseUrl}/health/ready`)).status).toBe(200);
    expect((await graphql(running.baseUrl, 'mutation { signCheckpoint { size } }')).errors).toBeUndefined();

    // The clearing is on the log, with who and why, for auditors.
    const onRecord = await graphql<{ history: { edges: { node: { type: string; data: { reason: string }; actor: { id: string } } }[] } }>(
      running.baseUrl,
      '{ history(streamId: "notary") { edges { node { type data actor { id } } } } }',
      {},
      { token: auditor.token },
    );
    expect(onRecord.data?.history.edges.map((edge) => edge.node)).toEqual([
      {
        type: 'NotaryAlarmsCleared',
        data: expect.objectContaining({ reason: expect.stringMatching(/incident 42/) }),
        actor: { id: 'local:development-principal' },
      },
    ]);
  });
});

describe('an instance that does not sign', () => {
  it('refuses signCheckpoint naming LEDGER_NOTARY_SIGNS, and signs nothing by itself', async () => {
    const running = await startApp({ env: { LEDGER_NOTARY_SIGNS: 'false' } });
    try {
      await registerWorcestershire(running.baseUrl);
      const refused = await graphql(running.baseUrl, 'mutation { signCheckpoint { size } }');
      expect(refused.errors?.[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: expect.stringMatching(/LEDGER_NOTARY_SIGNS=false/),
      });
      const checkpoints = await graphql<{ checkpoints: unknown[] }>(running.baseUrl, '{ checkpoints { size } }');
      expect(checkpoints.data?.checkpoints).toEqual([]);
    } finally {
      await running.stop();
    }
  });
});
