import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { cosignerVerifierKey, loadOrCreateWitnessKeys, lockWitnessDir, Witness, type WitnessResponse } from '@plan-ledger/notary';

/** tlog-witness bodies are a few hundred bytes (16 KiB in the Go witness); anything near this is not a checkpoint. */
const MAX_BODY_BYTES = 64 * 1024;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new Error(`--port must be from 0 to 65535, not ${JSON.stringify(value)}`);
  return n;
}

/** The body, or undefined once it grows past the limit (the rest is drained unread, so the answer still arrives). */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let tooLarge = Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_BODY_BYTES) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: WitnessResponse): void {
  response.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body) });
  response.end(answer.body);
}

const plain = (status: WitnessResponse['status'], message: string): WitnessResponse => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body: `${message}\n`,
});

async function handle(witness: Witness, request: IncomingMessage): Promise<WitnessResponse> {
  const path = new URL(request.url ?? '/', 'http://witness').pathname;
  if (path === '/add-checkpoint') {
    if (request.method !== 'POST') return plain(405, 'add-checkpoint takes a POST');
    const body = await readBody(request);
    if (!body) return plain(413, `the body is over ${MAX_BODY_BYTES / 1024} KiB: not a checkpoint submission`);
    return witness.addCheckpoint(body);
  }
  const monitor = /^\/([0-9a-f]{64})\/checkpoint$/.exec(path);
  if (monitor && request.method === 'GET') return witness.latestCheckpoint(monitor[1]);
  return plain(404, 'this witness answers POST /add-checkpoint and GET /<sha256 of origin>/checkpoint');
}

async function serve(options: { dir: string; log: string[]; name?: string; port: number; host: string }): Promise<void> {
  const release = lockWitnessDir(options.dir);
  let witness: Witness;
  try {
    witness = new Witness({ dir: options.dir, logs: options.log, name: options.name });
  } catch (error) {
    release();
    throw error;
  }
  for (const warning of witness.warnings) process.stderr.write(`ledger witness: ${warning}\n`);
  const server = createServer((request, response) => {
    handle(witness, request)
      .then((answer) => {
        const origin = answer.status === 200 && request.method === 'POST' ? ' cosigned' : '';
        process.stdout.write(
          `${request.method} ${request.url} ${answer.status}${origin}${answer.status >= 400 ? ` ${answer.body.trim()}` : ''}\n`,
        );
        send(response, answer);
      })
      .catch((error: Error) => {
        process.stderr.write(`ledger witness: ${error.message}\n`);
        if (!response.headersSent) send(response, plain(500, 'the witness failed to handle the request'));
      });
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  }).catch((error: Error) => {
    release();
    throw new Error(`cannot listen on ${options.host}:${options.port}: ${error.message}`);
  });
  const { port: bound } = server.address() as AddressInfo;
  process.stdout.write(`witness ${witness.verifierKey}\nlistening on http://${options.host}:${bound} for ${options.log.length} log(s)\n`);
  const stop = (): void => {
    server.close(() => {
      release();
      process.exit(0);
    });
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function witnessCommand(program: Command): void {
  const witness = program
    .command('witness')
    .description("a witness (C2SP tlog-witness): cosigns a log's checkpoints only while they extend what it cosigned before");
  witness
    .command('serve')
    .description('run a witness: its own key and state in --dir, the logs it witnesses by their verifier keys')
    .requiredOption('--dir <folder>', "the witness's own data folder (its key and state; never the log's)")
    .requiredOption('--log <verifier key>', "a log's verifier key, <origin>+<key id>+<key> (repeatable)", collect, [])
    .option('--name <key name>', 'its key name on first start, e.g. auditor.example/witness (default: <host>/plan-ledger-witness)')
    .option('--port <n>', 'port to listen on (0: any free port)', port, 9300)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .action((options: { dir: string; log: string[]; name?: string; port: number; host: string }) => serve(options));
  witness
    .command('key')
    .description("print the witness's verifier key, for `ledger verify --witness` (creates the key if there is none)")
    .requiredOption('--dir <folder>', "the witness's data folder")
    .option('--name <key name>', 'its key name, if the key is created now')
    .action((options: { dir: string; name?: string }) => {
      process.stdout.write(`${cosignerVerifierKey(loadOrCreateWitnessKeys(options.dir, options.name))}\n`);
    });
}
