import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FOCUSED_VISIT_LETTER } from '../libs/ofsted-import/test/sample-documents';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What `npm start` runs: the compiled service and CLI under Node's own ES-module loader, not Jest's. Catches what
 * only the build can break (path aliases, extensions, files tsc does not copy).
 */
describe('the built service and command line', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-built-'));
    // The e2e tier's globalSetup has built it already, unless told to skip.
    if (process.env.LEDGER_E2E_BUILT !== '1') await run('npm', ['run', 'build', '--silent'], { cwd: root });
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts on an empty data dir with the demo journeys loaded, and answers over HTTP', async () => {
    const service = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LEDGER_DATA_DIR: join(dir, 'data'), NO_COLOR: '1' },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`the service did not start:\n${output}`)), 60_000);
        const read = (chunk: Buffer): void => {
          output += chunk.toString();
          const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        service.stdout.on('data', read);
        service.stderr.on('data', read);
        service.on('exit', (code) => reject(new Error(`the service exited (${code}):\n${output}`)));
      });
      const health = (await (await fetch(`${url}/health`)).json()) as { status: string; headPosition: string };
      expect(health).toMatchObject({ status: 'ok', headPosition: '29' });
      const answer = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ timeline(laCode: "885") { entries { label } } }' }),
      });
      const body = (await answer.json()) as { data: { timeline: { entries: { label: string }[] } } };
      expect(body.data.timeline.entries[0].label).toBe('October & November 2016');
      // GraphiQL from the service's own copies of React and its bundle: a council network may have no way to a CDN.
      const graphiql = await fetch(`${url}/graphiql`);
      expect(graphiql.status).toBe(200);
      const page = await graphiql.text();
      expect(page).not.toMatch(/https?:\/\//);
      const assets = [...page.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
      expect(assets).toHaveLength(5);
      for (const asset of assets) {
        expect(asset).toMatch(/^\/graphiql\/assets\//);
        expect((await fetch(`${url}${asset}`)).status).toBe(200);
      }
    } finally {
      service.kill();
    }
  }, 90_000);

  it('runs the ledger command line', async () => {
    const letter = join(dir, 'letter.txt');
    writeFileSync(letter, FOCUSED_VISIT_LETTER);
    const { stdout } = await run(process.execPath, [join(root, 'dist/apps/cli/src/main.js'), 'import', letter, '--json'], { cwd: root });
    expect(JSON.parse(stdout).summary.la_code).toBe('812');
  });
});
