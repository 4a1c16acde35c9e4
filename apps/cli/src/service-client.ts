import { readFileSync, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { isLoopbackHost } from '../../api/src/config/loopback';

export const DEFAULT_API = 'http://127.0.0.1:3000';

/** What a command that talks to the service takes from its command line: where the service is, and where the token is. */
export interface ServiceOptions {
  readonly api?: string;
  readonly tokenFile?: string;
}

/** A refusal or failure, in one line: the service's message and code, or why the service could not be asked. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** `--api` and `--token-file` on a command that calls the service. There is no option taking the token itself. */
export function withServiceOptions(command: Command): Command {
  return command
    .option('--api <url>', `the service (default: LEDGER_API_URL, else ${DEFAULT_API})`)
    .option(
      '--token-file <path>',
      'a file holding the token to act with (an API token plt_..., or a bearer token from the identity provider); ' +
        'else LEDGER_TOKEN; neither, in local mode, acts as the local user. No option takes the token itself: ' +
        'a command line is visible to every user of the machine (ps)',
    )
    .addOption(
      // Answered with why, rather than "unknown option", though by now the token has been on the command line.
      new Option('--token <token>').hideHelp().argParser((): never => {
        throw new ServiceError(
          '--token is not accepted: a command line is visible to every user of the machine (ps); set LEDGER_TOKEN or pass --token-file',
          'USAGE',
        );
      }),
    );
}

interface GraphqlAnswer<Data> {
  data?: Data | null;
  errors?: { message?: unknown; extensions?: { code?: unknown } }[];
}

/**
 * GraphQL over HTTP to the service, as the holder of a token (Authorization: Bearer) or, without one, as whoever the
 * service takes an unauthenticated request for (the local user in local mode). Every failure is a ServiceError whose
 * message is one line that never contains the token.
 */
export class ServiceClient {
  private constructor(
    readonly base: string,
    private readonly endpoint: URL,
    private readonly token: string | undefined,
  ) {}

  static connect(options: ServiceOptions, env: NodeJS.ProcessEnv = process.env): ServiceClient {
    const base = (options.api ?? (env.LEDGER_API_URL?.trim() || DEFAULT_API)).replace(/\/+$/, '');
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new ServiceError(`--api ${base} is not a URL (e.g. ${DEFAULT_API})`, 'USAGE');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ServiceError(`--api ${base} must be an http:// or https:// URL`, 'USAGE');
    if (url.username || url.password)
      throw new ServiceError('--api must hold no user name or password: the token comes from LEDGER_TOKEN or --token-file', 'USAGE');
    const token = options.tokenFile !== undefined ? tokenFromFile(options.tokenFile) : tokenFromEnv(env);
    // Plain http anywhere but this machine shows the token to every hop on the way, and lets any of them replay it.
    if (token !== undefined && url.protocol === 'http:' && !isLoopbackHost(url.hostname))
      throw new ServiceError(
        `refusing to send the token over plain http to ${url.host}: use https://, or http only to this machine (127.0.0.1, localhost)`,
        'INSECURE_TRANSPORT',
      );
    return new ServiceClient(base, new URL(`${url.pathname.replace(/\/+$/, '')}/graphql`, url), token);
  }

  /**
   * One operation's data, or a ServiceError: the service's own message and code (`context` says what was being done,
   * when the message alone would not), or why the service gave no answer.
   */
  async graphql<Data>(
    query: string,
    variables: Record<string, unknown>,
    options: { context?: string; timeoutMs?: number } = {},
  ): Promise<Data> {
    const timeoutMs = options.timeoutMs ?? 120_000;
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.token !== undefined ? { authorization: `Bearer ${this.token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        // A redirect would carry the token on to wherever it points, perhaps over plain http.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError')
        throw new ServiceError(`the service at ${this.base} did not answer within ${timeoutMs / 1000} s`, 'TIMEOUT');
      throw new ServiceError(`cannot reach the service at ${this.base} (${reason(error)}); start it, or pass --api`, 'UNREACHABLE');
    }
    if (response.status >= 300 && response.status < 400)
      throw new ServiceError(
        `the service at ${this.base} redirects (HTTP ${response.status} to ${response.headers.get('location') ?? 'nowhere'}); pass the address it redirects to as --api`,
        'REDIRECTED',
      );
    let answer: GraphqlAnswer<Data>;
    try {
      // `errors` is checked item by item below; `data` has the shape the operation selects, which the schema guarantees.
      answer = JSON.parse(text) as GraphqlAnswer<Data>;
    } catch {
      throw new ServiceError(
        `the service at ${this.base} answered HTTP ${response.status} with no GraphQL answer; is --api the Plan Ledger service?`,
        'NOT_GRAPHQL',
      );
    }
    const errors = Array.isArray(answer?.errors) ? answer.errors : [];
    if (errors.length > 0) {
      const code =
        errors.map((error) => error?.extensions?.code).find((value): value is string => typeof value === 'string') ??
        `HTTP_${response.status}`;
      const message = errors.map((error) => (typeof error?.message === 'string' ? error.message : 'no message')).join('; ');
      const hint = code === 'UNAUTHENTICATED' && this.token === undefined ? '; set LEDGER_TOKEN or pass --token-file' : '';
      throw new ServiceError(`${options.context ? `${options.context}: ` : ''}${oneLine(message)} (${code}${hint})`, code);
    }
    if (!response.ok || answer?.data === undefined || answer.data === null)
      throw new ServiceError(`the service at ${this.base} answered HTTP ${response.status} without data`, `HTTP_${response.status}`);
    return answer.data;
  }
}

function tokenFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const token = env.LEDGER_TOKEN?.trim();
  if (!token) return undefined;
  return checked(token, 'LEDGER_TOKEN');
}

function tokenFromFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ServiceError(`cannot read the token file ${path} (${reason(error)})`, 'USAGE');
  }
  const token = text.trim();
  if (!token) throw new ServiceError(`the token file ${path} is empty`, 'USAGE');
  // Only a warning: the file is the user's, and on some file systems the mode means nothing.
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0)
    process.stderr.write(`ledger: warning: ${path} can be read by other users; chmod 600 it\n`);
  return checked(token, `the token file ${path}`);
}

/** A header can carry only visible ASCII; checked here so that fetch's own error, which would quote the token, never happens. */
function checked(token: string, source: string): string {
  if (!/^[\x21-\x7E]{1,8192}$/.test(token))
    throw new ServiceError(`${source} must hold one token: no spaces, line breaks or characters beyond ASCII`, 'USAGE');
  return token;
}

/** Why fetch failed: undici says only "fetch failed", with the system error (ECONNREFUSED, ENOTFOUND) as its cause. */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // localhost tried on ::1 and 127.0.0.1 fails with both, as an AggregateError whose own message is empty.
  const cause = error.cause instanceof AggregateError ? error.cause.errors[0] : error.cause;
  if (cause instanceof Error)
    return oneLine(cause.message || ('code' in cause && typeof cause.code === 'string' ? cause.code : cause.name));
  return oneLine(error.message);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
