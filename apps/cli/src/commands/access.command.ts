import type { Command, CommanderError } from 'commander';
import { ROLES, type Role } from '@plan-ledger/domain';
import { ServiceClient, withServiceOptions, type ServiceOptions } from '../service-client';

const RECORDED = 'grantId position token subject';

interface Recorded {
  grantId: string;
  position: string;
  token: string | null;
  subject: string | null;
}

interface ListedGrant {
  grantId: string;
  subject: string;
  displayName: string;
  role: string;
  councils: string[] | null;
  status: string;
  grantedAt: string;
  grantedBy: { id: string; role: string; displayName: string | null };
  revokedAt: string | null;
  mayRecord: string[];
}

const LIST = `query ($laCode: String, $from: String, $to: String, $command: String) {
  accessGrants(laCode: $laCode, from: $from, to: $to, command: $command) {
    grantId subject displayName role councils status grantedAt grantedBy { id role displayName } revokedAt mayRecord
  }
}`;

interface Scope {
  council?: string[];
  councils?: string;
}

/** A quick, clear refusal of a misspelt role before the service is asked; the service decides everything else. */
function role(name: string): Role {
  const known = ROLES.find((candidate) => candidate === name);
  if (!known) throw new Error(`unknown role "${name}": one of ${ROLES.join(', ')}`);
  return known;
}

/** `--council` repeated and `--councils` comma-separated, in the order given, each once. */
function councilsOf(scope: Scope): string[] | undefined {
  const codes = [...(scope.council ?? []), ...(scope.councils ?? '').split(',')].map((code) => code.trim()).filter(Boolean);
  return codes.length > 0 ? [...new Set(codes)] : undefined;
}

function withScope(command: Command): Command {
  return command
    .option('--council <laCode>', 'a council (la_code) the role holds for; repeat for more (council roles only)', collect)
    .option('--councils <laCodes>', 'the same, comma-separated: 885,344');
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function output(json: boolean | undefined, value: unknown, line: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${line}\n`);
}

function scopeText(councils: readonly string[] | null | undefined): string {
  return councils && councils.length > 0 ? councils.join(',') : 'all';
}

function table(grants: readonly ListedGrant[]): string {
  const rows = [
    ['GRANT ID', 'SUBJECT', 'NAME', 'ROLE', 'COUNCILS', 'STATUS', 'GRANTED AT', 'GRANTED BY'],
    ...grants.map((grant) => [
      grant.grantId,
      grant.subject,
      grant.displayName,
      grant.role,
      scopeText(grant.councils),
      grant.status,
      grant.grantedAt,
      grant.grantedBy.id,
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * Usage mistakes in one line on stderr and exit code 2, like every other failure: the error is thrown to main's handler
 * instead of commander printing it with the whole help.
 */
function oneLineUsageErrors(command: Command): Command {
  return command
    .showHelpAfterError(false)
    .configureOutput({ outputError: () => undefined })
    .exitOverride((error: CommanderError) => {
      // Help asked for: commander exits 0 once this returns.
      if (error.exitCode === 0) return;
      // `ledger access` alone: commander has printed the help already, on stderr.
      if (error.code === 'commander.help') process.exit(2);
      throw new Error(
        `${error.message.replace(/^error: /, '')} (see ledger ${command.name() === 'access' ? '' : 'access '}${command.name()} --help)`,
      );
    });
}

export function accessCommand(program: Command): void {
  const access = oneLineUsageErrors(
    program
      .command('access')
      .description('grant, change, revoke and list roles on the service (admin), and API tokens for scripts')
      .addHelpText(
        'after',
        [
          '',
          `Roles: ${ROLES.join(', ')}.`,
          'Council roles (viewer, editor, board, commissioner) hold for the councils named; the others, for every council.',
          '',
          'The token to act with comes from LEDGER_TOKEN or --token-file <path>, never from the command line, which',
          'every user of the machine can read (ps). A token is sent only over https, or over http to this machine.',
          'In local mode (the service on loopback, no identity provider) no token acts as the local user, who holds',
          'every role; with an identity provider, every request needs one.',
        ].join('\n'),
      ),
  );

  oneLineUsageErrors(
    withServiceOptions(
      withScope(
        access
          .command('grant')
          .description(
            'grant a role: to an identity-provider subject (--subject oidc:<sub>), or else to a new API token, printed once on stdout',
          )
          .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
          .requiredOption('--name <displayName>', 'who holds it, as the record and the actor of what they record will show it'),
      )
        .option(
          '--subject <subject>',
          'oidc:<subject claim of the identity provider> (or token:<id>, another role for an existing API token)',
        )
        .option('--grant-id <id>', 'the grant id (default: a new one)')
        .option('--reason <text>', 'why, for the record')
        .option('--json', 'print the result as JSON (the token included, when one is issued)'),
    ),
  ).action(
    async (
      options: ServiceOptions & Scope & { role: string; name: string; subject?: string; grantId?: string; reason?: string; json?: boolean },
    ) => {
      const councils = councilsOf(options);
      const input = {
        ...(options.grantId !== undefined ? { grantId: options.grantId } : {}),
        ...(options.subject !== undefined ? { subject: subjectOf(options.subject) } : {}),
        displayName: options.name,
        role: role(options.role),
        ...(councils ? { councils } : {}),
        ...(options.reason !== undefined ? { reason: options.reason } : {}),
      };
      const client = ServiceClient.connect(options);
      const { grantAccess } = await client.graphql<{ grantAccess: Recorded }>(
        `mutation ($input: GrantAccessInput!) { grantAccess(input: $input) { ${RECORDED} } }`,
        { input },
      );
      const granted = `granted ${input.role} for ${scopeText(input.councils)} to ${grantAccess.subject ?? input.subject} (${input.displayName}): grant ${grantAccess.grantId}`;
      if (grantAccess.token === null) return output(options.json, grantAccess, granted);
      // The token alone on stdout, so that `$(ledger access grant ...)` or `> file` captures it and nothing else.
      process.stderr.write(
        [
          granted,
          'The API token printed below will not be shown again: the service keeps only its hash. Keep it secret. To act with it,',
          `set LEDGER_TOKEN=<token> (or put it in a file, chmod 600, and pass --token-file <file>), or send "Authorization: Bearer <token>".`,
          `Revoking grant ${grantAccess.grantId} ends the token.`,
          '',
        ].join('\n'),
      );
      output(options.json, grantAccess, grantAccess.token);
    },
  );

  oneLineUsageErrors(
    withServiceOptions(
      withScope(
        access
          .command('change')
          .description("change a grant's role, councils or name (the subject, and an API token, stay the same)")
          .argument('<grantId>', 'the grant to change (ledger access list shows them)')
          .option('--role <role>', `the new role, one of ${ROLES.join(', ')}`),
      )
        .option('--name <displayName>', 'the new name')
        .option('--reason <text>', 'why, for the record')
        .option('--json', 'print the result as JSON'),
    ),
  ).action(async (grantId: string, options: ServiceOptions & Scope & { role?: string; name?: string; reason?: string; json?: boolean }) => {
    const councils = councilsOf(options);
    if (options.role === undefined && councils === undefined && options.name === undefined)
      throw new Error('nothing to change: give --role, --council or --name');
    const input = {
      grantId,
      ...(options.role !== undefined ? { role: role(options.role) } : {}),
      ...(councils ? { councils } : {}),
      ...(options.name !== undefined ? { displayName: options.name } : {}),
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
    };
    const { changeAccess } = await ServiceClient.connect(options).graphql<{ changeAccess: Recorded }>(
      `mutation ($input: ChangeAccessInput!) { changeAccess(input: $input) { ${RECORDED} } }`,
      { input },
    );
    const what = [
      input.role && `role ${input.role}`,
      input.councils && `councils ${input.councils.join(',')}`,
      input.displayName !== undefined && `name "${input.displayName}"`,
    ].filter(Boolean);
    output(options.json, changeAccess, `changed grant ${changeAccess.grantId}: ${what.join(', ')}`);
  });

  oneLineUsageErrors(
    withServiceOptions(
      access
        .command('revoke')
        .description("end a grant; revoking an API token's grant revokes the token itself, which then no longer works anywhere")
        .argument('<grantId>', 'the grant to end (ledger access list shows them)')
        .option('--reason <text>', 'why, for the record')
        .option('--json', 'print the result as JSON'),
    ),
  ).action(async (grantId: string, options: ServiceOptions & { reason?: string; json?: boolean }) => {
    const client = ServiceClient.connect(options);
    const { revokeAccess } = await client.graphql<{ revokeAccess: Recorded }>(
      `mutation ($input: RevokeAccessInput!) { revokeAccess(input: $input) { ${RECORDED} } }`,
      { input: { grantId, ...(options.reason !== undefined ? { reason: options.reason } : {}) } },
    );
    // Whose grant it was, to say whether a token stopped working; the revocation stands whether or not this can be read.
    const subject = await client
      .graphql<{ accessGrants: ListedGrant[] }>(LIST, {})
      .then(({ accessGrants }) => accessGrants.find((grant) => grant.grantId === grantId)?.subject)
      .catch(() => undefined);
    const line =
      subject === undefined
        ? `revoked grant ${grantId} (if it was an API token's, the token no longer works)`
        : subject.startsWith('token:')
          ? `revoked grant ${grantId}: the API token ${subject} no longer works`
          : `revoked grant ${grantId} of ${subject}`;
    output(options.json, { ...revokeAccess, subject: subject ?? null }, line);
  });

  oneLineUsageErrors(
    withServiceOptions(
      access
        .command('list')
        .description('grants active at any moment of a window of recording time (auditor or admin)')
        .option('--council <laCode>', 'only grants that covered this council')
        .option('--from <iso>', 'window start, recording time (ISO 8601); default: the beginning')
        .option('--to <iso>', 'window end; default: now')
        .option('--command <type>', 'only roles that could record this command, e.g. SetPriority')
        .option('--json', 'print the grants as JSON, with what each role may record'),
    ),
  ).action(async (options: ServiceOptions & { council?: string; from?: string; to?: string; command?: string; json?: boolean }) => {
    const { accessGrants } = await ServiceClient.connect(options).graphql<{ accessGrants: ListedGrant[] }>(LIST, {
      laCode: options.council ?? null,
      from: options.from ?? null,
      to: options.to ?? null,
      command: options.command ?? null,
    });
    if (options.json) return output(true, accessGrants, '');
    process.stdout.write(accessGrants.length > 0 ? `${table(accessGrants)}\n` : 'no grants\n');
  });
}

function subjectOf(subject: string): string {
  if (!/^(oidc|token):\S+$/.test(subject))
    throw new Error(
      `--subject ${subject} must be oidc:<subject claim> (or token:<id> for an existing API token); leave it out for a new API token`,
    );
  return subject;
}
