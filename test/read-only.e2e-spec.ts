import { createHash } from 'node:crypto';
import { accessSync, chmodSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadLedgerConfig } from '../apps/api/src/config/ledger-config';
import { createApp } from '../apps/api/src/create-app';
import { grantToken } from './support/access';
import { registerWorcestershire } from './support/council';
import { graphql } from './support/graphql';

async function serve(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  const config = loadLedgerConfig({
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LEDGER_GRAPHIQL: 'false',
    LEDGER_LOCAL_USER: 'development-principal',
    ...env,
  });
  const app = await createApp(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  return { app, baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

/** Every file under `dir` with its mode, size, modification time and SHA-256: what "nothing was written" is compared by. */
function snapshot(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (path: string, name: string): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      found[`${name}/`] = `${stat.mode.toString(8)} ${stat.mtimeMs}`;
      for (const entry of readdirSync(path)) walk(join(path, entry), `${name}/${entry}`);
    } else
      found[name] =
        `${stat.mode.toString(8)} ${stat.size} ${stat.mtimeMs} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
  };
  walk(dir, '.');
  return found;
}

function setWritable(path: string, writable: boolean): void {
  const stat = statSync(path);
  if (stat.isDirectory()) for (const entry of readdirSync(path)) setWritable(join(path, entry), writable);
  chmodSync(path, stat.isDirectory() ? (writable ? 0o755 : 0o555) : writable ? 0o644 : 0o444);
}

/**
 * An auditor's copy, or a data folder mounted read-only: served for reads, writes refused by name, nothing signed,
 * and not one byte of the folder changed (not even SQLite's -wal and -shm files).
 */
describe('a read-only data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-read-only-'));
  let token: string;
  let before: Record<string, string>;
  let running: { app: NestFastifyApplication; baseUrl: string };
  /** Root writes whatever the mode bits say; then only the explicit setting can make the service read-only. */
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    const writer = await serve(dataDir, { LEDGER_SEED_DEMO: 'false' });
    await registerWorcestershire(writer.baseUrl);
    token = (await grantToken(writer.baseUrl, 'auditor')).token;
    expect((await graphql(writer.baseUrl, 'mutation { signCheckpoint { size } }')).errors).toBeUndefined();
    await writer.app.close();

    setWritable(dataDir, false);
    let stillWritable = true;
    try {
      accessSync(dataDir, constants.W_OK);
    } catch {
      stillWritable = false;
    }
    env = stillWritable ? { LEDGER_READ_ONLY: 'true' } : {};
    before = snapshot(dataDir);
    // The demo seed is on by default: a read-only service must not try it, nor anything else that records.
    running = await serve(dataDir, env);
  });

  let closed = false;
  afterAll(async () => {
    if (!closed) await running?.app.close();
    setWritable(dataDir, true);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves reads, with an API token issued before', async () => {
    const read = await graphql<{ authority: { authority: { name: string } } }>(
      running.baseUrl,
      '{ authority(laCode: "885") { authority { name } } }',
      {},
      { token },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.authority.authority.name).toBe('Worcestershire');
    const status = await graphql<{ notaryStatus: { treeSize: number } }>(running.baseUrl, '{ notaryStatus { treeSize } }', {}, { token });
    expect(status.data?.notaryStatus.treeSize).toBe(2);
  });

  it('says in /health that it is read-only, and why, and is ready', async () => {
    const health = await fetch(`${running.baseUrl}/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'ok',
      readOnly: true,
      readOnlyReason: env.LEDGER_READ_ONLY ? 'LEDGER_READ_ONLY=true' : `${dataDir} cannot be written`,
      notary: { alarms: [], signs: false, treeSize: 2, latestCheckpointSize: '2' },
    });
    expect((await fetch(`${running.baseUrl}/health/ready`)).status).toBe(200);
  });

  it('refuses every write with READ_ONLY, naming the store', async () => {
    const register = await graphql(
      running.baseUrl,
      'mutation { registerAuthority(input: { laCode: "886", name: "Kent", region: "South East", onsCode: "E10000016", occurredAt: { from: "2016-10", precision: "month" } }) { revision } }',
    );
    expect(register.errors?.[0]).toMatchObject({
      extensions: { code: 'READ_ONLY' },
      message: expect.stringContaining(join(dataDir, 'ledger.db')),
    });
    const grant = await graphql(running.baseUrl, 'mutation ($input: GrantAccessInput!) { grantAccess(input: $input) { token } }', {
      input: { displayName: 'An auditor', role: 'auditor' },
    });
    expect(grant.errors?.[0]).toMatchObject({ extensions: { code: 'READ_ONLY' } });
    const sign = await graphql(running.baseUrl, 'mutation { signCheckpoint { size } }');
    expect(sign.errors?.[0]).toMatchObject({ extensions: { code: 'READ_ONLY' }, message: expect.stringContaining('signs nothing') });
  });

  it('writes nothing into the folder, through a whole run and its shutdown', async () => {
    await running.app.close();
    closed = true;
    expect(snapshot(dataDir)).toEqual(before);
  });
});
