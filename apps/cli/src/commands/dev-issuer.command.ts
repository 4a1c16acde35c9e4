import type { Command } from 'commander';
import { DEV_ADMIN_SUBJECT, devIdentities, NotLoopback, startDevIssuer, type DevIdentity, type DevIssuer } from '../dev-issuer';
import { ServiceClient, ServiceError } from '../service-client';

interface DevIssuerCommandOptions {
  readonly port: string;
  readonly host: string;
  readonly api?: string;
  readonly council: string;
  readonly hours: string;
}

interface GrantOnRecord {
  readonly subject: string;
  readonly role: string;
  readonly councils: readonly string[] | null;
  readonly status: string;
}

const GRANTS = '{ accessGrants { subject role councils status } }';
const GRANT = 'mutation ($input: GrantAccessInput!) { grantAccess(input: $input) { grantId } }';

export function devIssuerCommand(program: Command): void {
  program
    .command('dev-issuer')
    .description(
      'FOR DEVELOPMENT ONLY: a local stand-in for Microsoft Entra ID that signs a token for anyone who asks. Prints the ' +
        'variables to start the service against it and a token for every role; with --api, grants each role to its ' +
        'development identity on that service, so that every token works at once. Runs until Ctrl-C',
    )
    .option('--port <port>', 'the port to listen on (0: any free port)', '9400')
    .option('--host <host>', 'the interface to listen on: loopback only (127.0.0.1, ::1, localhost)', '127.0.0.1')
    .option('--api <url>', 'a service started with the variables printed (waited for if not up yet): grant the roles there')
    .option('--council <laCode>', 'the council the council roles (viewer, editor, board, commissioner) are for', '885')
    .option('--hours <hours>', 'how long the tokens are valid', '8')
    .addHelpText(
      'after',
      '\nNever point a deployment at this issuer: its tokens are printed for anyone to use, and its keys change at every start.\n' +
        'The service accepts it only on this machine (LEDGER_OIDC_ISSUER may be http:// only for loopback).',
    )
    .action(async (options: DevIssuerCommandOptions) => {
      const port = whole(options.port, '--port', 65535);
      if (!/^\d{3}$/.test(options.council)) throw new Error(`--council must be a three-digit la_code, not ${options.council}`);
      const hours = Number(options.hours);
      if (!/^\d+(\.\d+)?$/.test(options.hours) || hours <= 0 || hours > 168)
        throw new Error('--hours must be a number of hours above 0, at most 168');
      // Checked before anything is printed, so that a wrong --api is not scrolled away by the tokens.
      if (options.api !== undefined) ServiceClient.connect({ api: options.api }, { LEDGER_TOKEN: 'checking-the-address-only' });

      let issuer: DevIssuer;
      try {
        issuer = await startDevIssuer({ host: options.host, port });
      } catch (error) {
        if (error instanceof NotLoopback) throw new Error(`refusing --host ${options.host}: ${error.message}`, { cause: error });
        const code = error instanceof Error && 'code' in error ? error.code : undefined;
        if (code === 'EADDRINUSE')
          throw new Error(`port ${port} is in use (another dev-issuer?): stop it, or pass --port`, { cause: error });
        if (code === 'EADDRNOTAVAIL') throw new Error(`${options.host} is not an address of this machine`, { cause: error });
        throw error;
      }

      let interrupted = false;
      const interruption = new Promise<void>((resolve) => {
        const stop = () => {
          interrupted = true;
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      try {
        const identities = devIdentities(options.council);
        const expires = new Date(Date.now() + hours * 3600_000);
        const tokens = await Promise.all(
          identities.map((identity) =>
            issuer.sign({ sub: identity.subject, name: identity.displayName }, { lifetimeSeconds: Math.round(hours * 3600) }),
          ),
        );
        const admin = tokens[identities.findIndex((identity) => identity.subject === DEV_ADMIN_SUBJECT)];
        const out = (line = '') => process.stdout.write(`${line}\n`);
        out('Plan Ledger development issuer: FOR DEVELOPMENT ONLY, it signs a token for anyone who asks');
        out(`issuer ${issuer.issuer}`);
        out();
        out('Start the service against it with:');
        out(`LEDGER_OIDC_ISSUER=${issuer.issuer}`);
        out(`LEDGER_OIDC_AUDIENCE=${issuer.audience}`);
        out(`LEDGER_BOOTSTRAP_ADMIN=oidc:${DEV_ADMIN_SUBJECT}`);
        // These tokens are on a screen: the service they open stays on this machine.
        out('HOST=127.0.0.1');
        out();
        out(
          'Browsers: open the service and sign in as any subject (dev-admin, dev-board, ...): this issuer asks whom to sign ' +
            'in as, with no password (authorization code with PKCE; the client id is the audience).',
        );
        out();
        out(`Tokens, valid until ${expires.toISOString()} (send as Authorization: Bearer <token>, or put one in a file for --token-file):`);
        identities.forEach((identity, index) =>
          out(`${identity.role.padEnd(16)} oidc:${identity.subject.padEnd(20)} ${scope(identity)} ${tokens[index]}`),
        );
        out();
        if (options.api !== undefined) {
          const granted = await grantDevRoles(options.api, admin, identities, () => interrupted, interruption, out);
          if (granted) out(`Every token works now at ${options.api}.`);
        } else {
          out('Grant the roles with --api <the service> (or grantAccess as oidc:dev-admin); until then only dev-admin holds one.');
        }
        out('Ctrl-C to stop.');
        await interruption;
      } finally {
        await issuer.stop();
      }
      process.stdout.write('dev-issuer stopped\n');
    });
}

/**
 * Grants each identity its role on the service at `api`, as dev-admin (the service's bootstrap admin), leaving alone
 * any it holds already, so that running again against the same data dir grants nothing twice. Waits for the service
 * to answer, so that it can be started after the issuer; false if interrupted first.
 */
async function grantDevRoles(
  api: string,
  adminToken: string,
  identities: readonly DevIdentity[],
  interrupted: () => boolean,
  interruption: Promise<void>,
  out: (line?: string) => void,
): Promise<boolean> {
  const client = ServiceClient.connect({ api }, { LEDGER_TOKEN: adminToken });
  let grants: readonly GrantOnRecord[] | undefined;
  let waiting = false;
  while (grants === undefined) {
    try {
      grants = (await client.graphql<{ accessGrants: GrantOnRecord[] }>(GRANTS, {}, { timeoutMs: 10_000 })).accessGrants;
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (error.code === 'UNREACHABLE') {
        if (!waiting) out(`Waiting for the service at ${client.base} (start it with the variables above)...`);
        waiting = true;
        await Promise.race([interruption, new Promise((resolve) => setTimeout(resolve, 500))]);
        if (interrupted()) return false;
        continue;
      }
      if (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN' || error.code === 'IDENTITY_PROVIDER_UNAVAILABLE')
        throw new Error(
          `the service at ${client.base} does not take oidc:${DEV_ADMIN_SUBJECT} for an admin: ${error.message}; ` +
            'start it with the variables above, on an empty data dir (LEDGER_BOOTSTRAP_ADMIN counts only then)',
          { cause: error },
        );
      throw new Error(`cannot read the grants at ${client.base}: ${error.message}`, { cause: error });
    }
  }
  for (const identity of identities) {
    const subject = `oidc:${identity.subject}`;
    const held = grants.some(
      (grant) =>
        grant.status === 'active' &&
        grant.subject === subject &&
        grant.role === identity.role &&
        (grant.councils === null ||
          identity.councils === undefined ||
          identity.councils.every((council) => grant.councils?.includes(council))),
    );
    if (held) {
      out(`${subject} holds ${identity.role}${identity.councils ? ` for ${identity.councils.join(', ')}` : ''} already`);
      continue;
    }
    try {
      await client.graphql(
        GRANT,
        {
          input: {
            subject,
            displayName: identity.displayName,
            role: identity.role,
            ...(identity.councils ? { councils: identity.councils } : {}),
            reason: 'ledger dev-issuer: a development identity, for development only',
          },
        },
        { timeoutMs: 10_000 },
      );
    } catch (error) {
      throw new Error(
        `cannot grant ${identity.role} to ${subject} at ${client.base}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    out(`granted ${identity.role}${identity.councils ? ` for ${identity.councils.join(', ')}` : ''} to ${subject}`);
  }
  return true;
}

function scope(identity: DevIdentity): string {
  return (identity.councils ? `council ${identity.councils.join(',')}` : 'national').padEnd(12);
}

function whole(text: string, option: string, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max) throw new Error(`${option} must be a whole number from 0 to ${max}`);
  return value;
}
