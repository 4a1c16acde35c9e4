import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FOCUSED_VISIT_LETTER } from '../libs/ofsted-import/test/sample-documents';
import { ledgerCommand } from './support/cli';
import { registerWorcestershire } from './support/council';
import { graphql } from './support/graphql';
import { startApp, type RunningApp } from './support/running-app';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface ListedGrant {
  grantId: string;
  subject: string;
  displayName: string;
  role: string;
  councils: string[] | null;
  status: string;
  grantedBy: { id: string };
}

/** The built `ledger`, as a person would run it: its exit code and both streams, never a rejection. */
function ledger(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  // Nothing from whoever runs the tests: no token or service of theirs may leak in.
  const { LEDGER_TOKEN: _token, LEDGER_API_URL: _api, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, [...ledgerCommand(), ...args], { cwd: root, env: { ...inherited, ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// Thrown rather than expected, so that a failure shows what the CLI wrote on stderr.
function expectSuccess(run: Run): void {
  if (run.code !== 0) throw new Error(`ledger exited ${run.code}: ${run.stderr}`);
}

/** A failure as the CLI promises it: exit code 2, one line on stderr, never a stack. */
function expectOneLineFailure(run: Run, pattern: RegExp): void {
  if (run.code !== 2) throw new Error(`ledger exited ${run.code}, not 2: ${run.stderr}`);
  expect(run.stderr).toMatch(/^ledger: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('ledger access: roles and API tokens from the command line', () => {
  let running: RunningApp;
  let dir: string;
  let api: string[];
  let editor: { token: string; grantId: string };
  let admin: { token: string; grantId: string };

  beforeAll(async () => {
    running = await startApp();
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-access-'));
    api = ['--api', running.baseUrl];
  });
  afterAll(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('grants an editor token for 885 as the local user: the token alone on stdout, how to use it on stderr', async () => {
    const run = await ledger(['access', 'grant', '--role', 'editor', '--council', '885', '--name', 'Editor bot', ...api]);
    expectSuccess(run);
    expect(run.stdout).toMatch(/^plt_[A-Za-z0-9_-]+\n$/);
    const grantId = /grant ([0-9a-f-]{36})/.exec(run.stderr)?.[1];
    expect(grantId).toBeDefined();
    expect(run.stderr).toContain('granted editor for 885 to token:');
    expect(run.stderr).toContain('will not be shown again');
    expect(run.stderr).toContain('LEDGER_TOKEN=<token>');
    expect(run.stderr).toContain('Authorization: Bearer <token>');
    // Shown once: stdout only, never the note (which may go to a log).
    expect(run.stderr).not.toContain(run.stdout.trim());
    editor = { token: run.stdout.trim(), grantId: grantId! };
  });

  it('the editor token may not list grants: FORBIDDEN in one line, exit code 2', async () => {
    const run = await ledger(['access', 'list', ...api], { LEDGER_TOKEN: editor.token });
    expectOneLineFailure(run, /needs auditor or admin \(holds editor for 885\) \(FORBIDDEN\)/);
  });

  it('an admin token, granted with --json, lists the grants as a table and as JSON', async () => {
    const granted = await ledger([
      'access',
      'grant',
      '--role',
      'admin',
      '--name',
      'Admin bot',
      '--reason',
      'for the tests',
      '--json',
      ...api,
    ]);
    expectSuccess(granted);
    const recorded = JSON.parse(granted.stdout) as { grantId: string; token: string; subject: string };
    expect(recorded.token).toMatch(/^plt_/);
    expect(recorded.subject).toMatch(/^token:/);
    admin = { token: recorded.token, grantId: recorded.grantId };

    const table = await ledger(['access', 'list', ...api], { LEDGER_TOKEN: admin.token });
    expectSuccess(table);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['GRANT ID', 'SUBJECT', 'NAME', 'ROLE', 'COUNCILS', 'STATUS', 'GRANTED AT', 'GRANTED BY']);
    expect(rows.find((row) => row.startsWith(editor.grantId))?.split(/\s{2,}/)).toEqual([
      editor.grantId,
      expect.stringMatching(/^token:/),
      'Editor bot',
      'editor',
      '885',
      'active',
      expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      'local:development-principal',
    ]);
    expect(
      rows
        .find((row) => row.startsWith(admin.grantId))
        ?.split(/\s{2,}/)
        .slice(3, 6),
    ).toEqual(['admin', 'all', 'active']);

    const json = await ledger(['access', 'list', '--council', '885', '--command', 'SetPriority', '--json', ...api], {
      LEDGER_TOKEN: admin.token,
    });
    expect(JSON.parse(json.stdout) as ListedGrant[]).toEqual([
      expect.objectContaining({ grantId: editor.grantId, role: 'editor', councils: ['885'], status: 'active' }),
    ]);
    const elsewhere = await ledger(['access', 'list', '--council', '344', ...api], { LEDGER_TOKEN: admin.token });
    expect(elsewhere.stdout).not.toContain(editor.grantId);
  });

  it('grants to an identity-provider subject and changes the grant, acting with a --token-file', async () => {
    const file = join(dir, 'admin.token');
    writeFileSync(file, `${admin.token}\n`, { mode: 0o600 });
    const asAdmin = ['--token-file', file, ...api];
    const granted = await ledger([
      'access',
      'grant',
      '--role',
      'viewer',
      '--councils',
      '885',
      '--name',
      'Ada Viewer',
      '--subject',
      'oidc:ada',
      ...asAdmin,
    ]);
    expectSuccess(granted);
    expect(granted.stderr).toBe('');
    const grantId = /^granted viewer for 885 to oidc:ada \(Ada Viewer\): grant (\S+)\n$/.exec(granted.stdout)?.[1];
    expect(grantId).toBeDefined();

    const changed = await ledger(['access', 'change', grantId!, '--council', '885', '--council', '344', '--name', 'Ada V.', ...asAdmin]);
    expectSuccess(changed);
    expect(changed.stdout).toBe(`changed grant ${grantId}: councils 885,344, name "Ada V."\n`);
    const listed = JSON.parse((await ledger(['access', 'list', '--council', '344', '--json', ...asAdmin])).stdout) as ListedGrant[];
    // The admin grant holds for every council, 344 included; the editor's, for 885 only.
    expect(listed.map((grant) => grant.grantId).sort()).toEqual([admin.grantId, grantId].sort());
    expect(listed.find((grant) => grant.grantId === grantId)).toMatchObject({
      subject: 'oidc:ada',
      displayName: 'Ada V.',
      councils: ['885', '344'],
    });

    expectOneLineFailure(await ledger(['access', 'change', grantId!, ...asAdmin]), /nothing to change: give --role, --council or --name/);
    expectOneLineFailure(
      await ledger(['access', 'list', '--token-file', join(dir, 'missing.token'), ...api]),
      /cannot read the token file .*missing\.token \(ENOENT/,
    );
    // The token file decides, not the LEDGER_TOKEN in the environment.
    const withBoth = await ledger(['access', 'list', '--json', ...asAdmin], { LEDGER_TOKEN: editor.token });
    expectSuccess(withBoth);
  });

  it('revoking the editor grant ends its token: the service answers it 401 UNAUTHENTICATED', async () => {
    const revoked = await ledger(['access', 'revoke', editor.grantId, '--reason', 'left the council', ...api], {
      LEDGER_TOKEN: admin.token,
    });
    expectSuccess(revoked);
    expect(revoked.stdout).toMatch(new RegExp(`^revoked grant ${editor.grantId}: the API token token:\\S+ no longer works\\n$`));

    const refused = await graphql(running.baseUrl, '{ accessGrants { grantId } }', {}, { token: editor.token });
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/revoked/), extensions: { code: 'UNAUTHENTICATED' } });
    expectOneLineFailure(
      await ledger(['access', 'list', ...api], { LEDGER_TOKEN: editor.token }),
      /the API token was revoked at .* \(UNAUTHENTICATED\)$/m,
    );

    const listed = JSON.parse((await ledger(['access', 'list', '--json', ...api], { LEDGER_TOKEN: admin.token })).stdout) as ListedGrant[];
    expect(listed.find((grant) => grant.grantId === editor.grantId)?.status).toBe('revoked');
    expectOneLineFailure(
      await ledger(['access', 'revoke', editor.grantId, ...api], { LEDGER_TOKEN: admin.token }),
      /was revoked: grant access again instead \(BAD_USER_INPUT\)/,
    );
  });

  it('never sends a token over plain http to another machine, and takes no token on the command line', async () => {
    const started = Date.now();
    expectOneLineFailure(
      await ledger(['access', 'list', '--api', 'http://192.0.2.1:3000'], { LEDGER_TOKEN: admin.token }),
      /refusing to send the token over plain http to 192\.0\.2\.1:3000: use https:\/\//,
    );
    expectOneLineFailure(
      await ledger(['import', join(dir, 'any.txt'), '--apply', '--api', 'http://ledger.example.org'], { LEDGER_TOKEN: admin.token }),
      /refusing to send the token over plain http to ledger\.example\.org/,
    );
    // Refused before any connection is tried (192.0.2.1 is a documentation address: a try would hang, not fail).
    expect(Date.now() - started).toBeLessThan(10_000);
    const argv = await ledger(['access', 'list', '--token', admin.token, ...api]);
    expectOneLineFailure(argv, /--token is not accepted: a command line is visible to every user of the machine \(ps\)/);
    expect(argv.stderr).not.toContain(admin.token);
    const help = await ledger(['access', 'list', '--help']);
    expect(help.stdout).toContain('--token-file <path>');
    expect(help.stdout).toContain('(ps)');
    expect(help.stdout).not.toMatch(/--token </);
  });

  it('answers a bad role, a usage mistake and an unreachable service in one line with exit code 2', async () => {
    expectOneLineFailure(
      await ledger(['access', 'grant', '--role', 'editr', '--council', '885', '--name', 'x', ...api]),
      /unknown role "editr": one of viewer, editor, board, commissioner, inspection-data, auditor, admin/,
    );
    expectOneLineFailure(await ledger(['access', 'grant', '--name', 'x', ...api]), /required option '--role <role>' not specified/);
    expectOneLineFailure(
      await ledger(['access', 'grant', '--role', 'editor', '--name', 'x', ...api]),
      /councils: must name at least one council \(la_code\) for editor \(BAD_USER_INPUT\)/,
    );
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    expectOneLineFailure(
      await ledger(['access', 'list', '--api', `http://127.0.0.1:${closed}`]),
      new RegExp(`cannot reach the service at http://127\\.0\\.0\\.1:${closed} \\(connect ECONNREFUSED [^)]*\\); start it, or pass --api`),
    );
  });

  it('ledger import --apply acts with the token: an inspection-data token records, an editor token is refused', async () => {
    await registerWorcestershire(running.baseUrl);
    const file = join(dir, 'letter.txt');
    writeFileSync(file, FOCUSED_VISIT_LETTER.replaceAll('North East Lincolnshire', 'Worcestershire'));

    const grant = async (role: string, councils: string[] = []): Promise<string> =>
      (
        await ledger(['access', 'grant', '--role', role, '--name', `A ${role}`, ...councils.flatMap((code) => ['--council', code]), ...api])
      ).stdout.trim();
    const refused = await ledger(['import', file, '--apply', ...api], { LEDGER_TOKEN: await grant('editor', ['885']) });
    expectOneLineFailure(refused, /the service refused the import: forbidden: .*inspection-data.* \(FORBIDDEN\)/);

    const applied = await ledger(['import', file, '--apply', ...api], { LEDGER_TOKEN: await grant('inspection-data') });
    expectSuccess(applied);
    expect(applied.stdout).toContain('recorded 2 events on authority-885');
  });
});
