import { Args, ArgsType, Field, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import {
  ROLES,
  RECORDING_ROLES,
  GRADE_RECORDER,
  accessDecider,
  authorise,
  initialAccessState,
  type Grant,
  type Role,
} from '@plan-ledger/domain';
import type { RecordedEvent } from '@plan-ledger/event-store';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { v4 as uuidv4 } from 'uuid';
import { AccessDirectory } from '../access/access-directory';
import { toAccessEvent } from '../access/access-mapping';
import { ChecksAccessItself } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal';
import type { Principal } from '../access/principal';
import { Forbidden } from '../errors/access-errors';
import { ActorType } from './types/ledger-types';

const LA_CODE = { message: 'each must be a three-digit la_code' };

@InputType({ description: 'A role for a person: an identity-provider subject, or (subject left out) a new API token, shown once' })
class GrantAccessInput {
  @Field({ nullable: true, description: 'Default: a new id' }) @IsOptional() @IsString() @MaxLength(100) grantId?: string;
  @Field({ nullable: true, description: 'oidc:<subject claim>; left out, a new API token is issued and returned once' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;
  @Field() @IsString() @MaxLength(200) displayName!: string;
  @Field(() => String, { description: `One of ${ROLES.join(', ')}` }) @IsIn(ROLES) role!: Role;
  @Field(() => [String], { nullable: true, description: 'la_codes, for viewer, editor, board and commissioner' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(160)
  @Matches(/^\d{3}$/, { each: true, ...LA_CODE })
  councils?: string[];
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(5000) reason?: string;
}

@InputType()
class ChangeAccessInput {
  @Field() @IsString() @MaxLength(100) grantId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsIn(ROLES) role?: Role;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(160)
  @Matches(/^\d{3}$/, { each: true, ...LA_CODE })
  councils?: string[];
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) displayName?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(5000) reason?: string;
}

@InputType()
class RevokeAccessInput {
  @Field() @IsString() @MaxLength(100) grantId!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(5000) reason?: string;
}

@ObjectType('AccessRecorded')
class AccessRecordedType {
  @Field() grantId!: string;
  @Field({ description: 'The access stream position of the last event recorded' }) position!: string;
  @Field(() => String, { nullable: true, description: 'A new API token: shown this once, never stored (only its hash is kept)' })
  token!: string | null;
  @Field(() => String, { nullable: true, description: 'The subject the grant is for (token:<id> for an API token)' }) subject!:
    string | null;
}

@ObjectType('Grant')
class GrantType {
  @Field() grantId!: string;
  @Field() subject!: string;
  @Field() displayName!: string;
  @Field() role!: string;
  @Field(() => [String], { nullable: true, description: 'null: every council (a national role)' }) councils!: string[] | null;
  @Field({ description: 'active or revoked, at the end of the window asked about' }) status!: string;
  @Field({ description: 'When the grant was recorded' }) grantedAt!: string;
  @Field(() => ActorType) grantedBy!: ActorType;
  @Field(() => String, { nullable: true }) revokedAt!: string | null;
  @Field(() => [String], { description: 'What the role lets its holder record (for the council asked about)' }) mayRecord!: string[];
}

@ArgsType()
class AccessGrantsArgs {
  @Field({ nullable: true, description: 'Only grants that covered this council' })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'must be a three-digit la_code' })
  laCode?: string;
  @Field({ nullable: true, description: 'Window start (recording time, ISO 8601); default: the beginning' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @Field({ nullable: true, description: 'Window end (recording time); default: now. A grant active at any moment in the window is listed' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
  @Field({ nullable: true, description: 'Only grants whose role could record this command (e.g. SetPriority)' })
  @IsOptional()
  @IsIn(Object.keys(RECORDING_ROLES))
  command?: string;
}

function mayRecord(role: Role): string[] {
  const commands = Object.entries(RECORDING_ROLES)
    .filter(([, roles]) => roles.includes(role))
    .map(([type]) => type);
  const grades = Object.entries(GRADE_RECORDER)
    .filter(([, recorder]) => recorder === role)
    .map(([by]) => `GradeProgress by ${by}`);
  return [...commands.filter((type) => type !== 'GradeProgress'), ...grades];
}

/** Granting, changing and revoking access (admins), and who could do what when (auditors and admins). */
@Resolver()
export class AccessResolver {
  constructor(private readonly directory: AccessDirectory) {}

  @ChecksAccessItself('AccessDirectory.record requires admin for every change of access')
  @Mutation(() => AccessRecordedType, {
    description: 'Grants a role: to an identity-provider subject, or to a new API token (returned once)',
  })
  async grantAccess(@Args('input') input: GrantAccessInput, @CurrentPrincipal() principal: Principal): Promise<AccessRecordedType> {
    const grantId = input.grantId ?? uuidv4();
    const recorded = await this.directory.record(
      { type: 'GrantAccess', ...plain(input), grantId, subject: input.subject ?? 'token:new' },
      principal,
    );
    return answer(grantId, recorded.events, recorded.token ?? null);
  }

  @ChecksAccessItself('AccessDirectory.record requires admin for every change of access')
  @Mutation(() => AccessRecordedType)
  async changeAccess(@Args('input') input: ChangeAccessInput, @CurrentPrincipal() principal: Principal): Promise<AccessRecordedType> {
    const recorded = await this.directory.record({ type: 'ChangeAccess', ...plain(input) }, principal);
    return answer(input.grantId, recorded.events, null, await this.directory.subjectOf(input.grantId));
  }

  @ChecksAccessItself('AccessDirectory.record requires admin for every change of access')
  @Mutation(() => AccessRecordedType, { description: "Ends a grant; an API token's grant ends the token too" })
  async revokeAccess(@Args('input') input: RevokeAccessInput, @CurrentPrincipal() principal: Principal): Promise<AccessRecordedType> {
    const recorded = await this.directory.record({ type: 'RevokeAccess', ...plain(input) }, principal);
    return answer(input.grantId, recorded.events, null, await this.directory.subjectOf(input.grantId));
  }

  @ChecksAccessItself('auditors and admins')
  @Query(() => [GrantType], {
    description: "Grants active at any moment of a window of recording time, e.g. who could change a council's plan in March 2018",
  })
  async accessGrants(@Args() args: AccessGrantsArgs, @CurrentPrincipal() principal: Principal): Promise<GrantType[]> {
    const asAuditor = authorise(principal.roles, { kind: 'audit' });
    if (!asAuditor.allowed && !authorise(principal.roles, { kind: 'manage-access' }).allowed)
      throw new Forbidden(`to read who holds access needs auditor or admin (${asAuditor.missing.replace(/^.*\(holds /, 'holds ')}`);
    const from = args.from ? new Date(args.from).toISOString() : '';
    const to = args.to ? new Date(args.to).toISOString() : undefined;
    const { events } = await this.directory.grantsAt(to);
    type Recorded = { grantedAt: string; grantedBy: RecordedEvent['metadata']['actor']; revokedAt: string | null };
    const recorded = new Map<string, Recorded>();
    // Each grant as it stood at some moment of the window: at its start, then after each change within it.
    const held = new Map<string, Grant>();
    let state = initialAccessState();
    const keep = () => {
      for (const grant of state.grants.values())
        if (grant.status === 'active') held.set(`${grant.grantId} ${grant.role} ${String(grant.councils)} ${grant.displayName}`, grant);
    };
    let inWindow = false;
    for (const event of events) {
      if (!inWindow && event.recordedAt > from) {
        keep();
        inWindow = true;
      }
      const domain = toAccessEvent(event);
      state = accessDecider.evolve(state, domain);
      if (domain.type === 'AccessGranted')
        recorded.set(domain.data.grantId, { grantedAt: event.recordedAt, grantedBy: event.metadata.actor, revokedAt: null });
      const entry = recorded.get(domain.data.grantId);
      if (domain.type === 'AccessRevoked' && entry) entry.revokedAt = event.recordedAt;
      if (inWindow) keep();
    }
    if (!inWindow) keep();
    return [...held.values()]
      .filter((grant) => !args.laCode || grant.councils === 'all' || grant.councils.includes(args.laCode))
      .filter(
        (grant) => !args.command || mayRecord(grant.role).some((what) => what === args.command || what.startsWith(`${args.command} by`)),
      )
      .map((grant) => {
        const { grantedAt, grantedBy, revokedAt } = recorded.get(grant.grantId)!;
        return {
          grantId: grant.grantId,
          subject: grant.subject,
          displayName: grant.displayName,
          role: grant.role,
          councils: grant.councils === 'all' ? null : [...grant.councils],
          status: state.grants.get(grant.grantId)?.status ?? grant.status,
          grantedAt,
          grantedBy,
          revokedAt,
          mayRecord: mayRecord(grant.role),
        };
      });
  }
}

function plain(input: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
}

function answer(grantId: string, events: readonly RecordedEvent[], token: string | null, known?: string): AccessRecordedType {
  const last = events[events.length - 1];
  const granted = events.find((event) => event.type === 'AccessGranted')?.data.subject;
  const subject = typeof granted === 'string' ? granted : known;
  return { grantId, position: last.position.toString(), token, subject: subject ?? null };
}
