/**
 * The built service as a child process: built first when dist is missing or older than the sources, started on a free
 * loopback port (local mode: no token needed), on a copy of a generated data folder, without the demo seed; stopped at
 * the end, on an error and on Ctrl-C, so that no process is left behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const MAIN = join('dist', 'apps', 'api', 'src', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'test') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm run build` when dist/apps/api/src/main.js is missing or older than a source of apps/ or libs/ (retried once). */
export function ensureBuilt(root: string, log: (line: string) => void): void {
  const main = join(root, MAIN);
  const sources = Math.max(newestSource(join(root, 'apps')), newestSource(join(root, 'libs')));
  if (existsSync(main) && statSync(main).mtimeMs >= sources) return;
  for (let attempt = 1; attempt <= 2; attempt++) {
    log(`  building the service (npm run build${attempt > 1 ? ', again' : ''})`);
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status === 0) return;
  }
  throw new Error('npm run build failed twice');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
let handlersInstalled = false;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      for (const child of running) child.kill('SIGKILL');
      process.exit(130);
    });
  }
}

export class Service {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly logFile: string,
  ) {}

  static async start(root: string, dataDir: string, logFile: string): Promise<Service> {
    installHandlers();
    const port = await freePort();
    const out = createWriteStream(logFile);
    const child = spawn(process.execPath, [join(root, MAIN)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        LEDGER_DATA_DIR: dataDir,
        LEDGER_SEED_DEMO: 'false',
        LEDGER_INTROSPECTION: 'true',
        LEDGER_LOCAL_USER: 'bench',
        // The bench sends thousands of requests a minute from one address; the default (600) would refuse them.
        LEDGER_RATE_LIMIT_PER_MINUTE: '100000000',
        // Reads at 1M events took 20 s before the read models; queued behind nine others they must not time out.
        LEDGER_REQUEST_TIMEOUT_MS: '600000',
        // No hourly re-read of the whole log by the notary in the middle of a measurement.
        LEDGER_NOTARY_AUDIT_EVERY_MS: '0',
      },
    });
    running.add(child);
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    child.once('exit', () => running.delete(child));
    return new Service(child, `http://127.0.0.1:${port}`, logFile);
  }

  /** Waits for /health/ready to answer 200; returns how long it took. */
  async ready(timeoutMs: number): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < timeoutMs) {
      if (this.child.exitCode !== null) throw new Error(`the service exited (${this.child.exitCode}): ${this.tail()}`);
      try {
        const response = await fetch(`${this.url}/health/ready`);
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the service was not ready after ${timeoutMs} ms: ${this.tail()}`);
  }

  /**
   * Waits until /health says the read model has folded the whole log, the notary is done with the full check of the
   * stored events it starts in the background on a large log, and every stream has been warmed for its next command
   * (each would otherwise share the event loop with the measured requests); returns how long it took and how the model
   * came to be there.
   */
  async caughtUp(timeoutMs: number, modelKept: boolean): Promise<{ ms: number; model: string }> {
    const started = performance.now();
    for (;;) {
      const health = (await (await fetch(`${this.url}/health`)).json()) as {
        headPosition?: string;
        readModel?: { eventsBehind?: number; rebuiltBecause?: string | null };
        notary?: { treeSize?: number; verifying?: string };
        warming?: { done?: boolean };
      };
      const notaryDone = health.notary?.verifying === undefined && String(health.notary?.treeSize) === health.headPosition;
      if (health.readModel?.eventsBehind === 0 && notaryDone && health.warming?.done !== false) {
        const rebuilt = health.readModel.rebuiltBecause;
        const model = rebuilt ? `model rebuilt: ${rebuilt}` : modelKept ? 'warm model' : 'cold model';
        return { ms: performance.now() - started, model };
      }
      if (performance.now() - started > timeoutMs) throw new Error(`the read model was still behind after ${timeoutMs} ms`);
      await new Promise((done) => setTimeout(done, 1000));
    }
  }

  tail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
