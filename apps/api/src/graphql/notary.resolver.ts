import { Inject } from '@nestjs/common';
import { Args, Field, InputType, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { authorise } from '@plan-ledger/domain';
import { StreamNotFound, type EventStore } from '@plan-ledger/event-store';
import { ALARMS_CLEARED, NOTARY_STREAM_ID, type Notary } from '@plan-ledger/notary';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { v7 as uuidv7 } from 'uuid';
import { ChecksAccessItself, Allow } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal';
import { actorOf, requirePermission, type Principal } from '../access/principal';
import { Forbidden } from '../errors/access-errors';
import { InputRejected } from '../errors/input-rejected';
import { EVENT_STORE } from '../event-store/event-store.tokens';
import { NOTARY } from '../notary/notary.module';

@InputType()
class ClearNotaryAlarmsInput {
  @Field({ description: 'Why the alarms may be set aside: what was found, and what was done about it' })
  @IsString()
  @MinLength(10)
  @MaxLength(5000)
  // eslint-disable-next-line no-control-regex -- the rule is about control characters
  @Matches(/^[^\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$/, { message: 'must not contain control characters' })
  reason!: string;
  @Field(() => [String], { nullable: true, description: 'The alarms cleared, word for word; default: every one standing' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  alarms?: string[];
}

@ObjectType('AlarmsCleared')
class AlarmsClearedType {
  @Field(() => [String]) cleared!: string[];
  @Field({ description: 'Position of the event recording it' }) position!: string;
}

@ObjectType('StoreAudit')
class StoreAuditType {
  @Field(() => Int, { description: 'Events re-read and compared with the tree' }) checked!: number;
  @Field(() => [String], { description: 'What no longer matches: each becomes an alarm' }) found!: string[];
}

/** The notary's alarms: reading the store again on demand, and clearing alarms as an admin act on the record. */
@Resolver()
export class NotaryResolver {
  constructor(
    @Inject(NOTARY) private readonly notary: Notary,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Allow({ kind: 'sign-checkpoint' })
  @Mutation(() => AlarmsClearedType, {
    description:
      "Sets the notary's standing alarms aside, so that checkpoints are signed again: recorded on the log (stream notary) with who and why. The alarms stay listed as cleared.",
  })
  async clearNotaryAlarms(
    @Args('input') input: ClearNotaryAlarmsInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AlarmsClearedType> {
    await this.notary.catchUp();
    const standing = this.notary.alarms;
    const alarms = input.alarms ?? [...standing];
    if (alarms.length === 0) throw new InputRejected([{ field: 'alarms', rule: 'no alarm stands: there is nothing to clear' }]);
    const unknown = alarms.filter((alarm) => !standing.includes(alarm));
    if (unknown.length) throw new InputRejected([{ field: 'alarms', rule: `not a standing alarm, word for word: ${unknown[0]}` }]);
    const decision = requirePermission(principal, { kind: 'sign-checkpoint' });
    const result = await this.store.append(
      NOTARY_STREAM_ID,
      [
        {
          type: ALARMS_CLEARED,
          data: { alarms, reason: input.reason.trim() },
          metadata: {
            occurredAt: { from: new Date().toISOString().slice(0, 10), precision: 'day' },
            actor: actorOf(principal, decision),
            correlationId: uuidv7(),
          },
        },
      ],
      { expectedRevision: await this.revision() },
    );
    await this.notary.catchUp();
    return { cleared: alarms, position: result.events[0].position.toString() };
  }

  @ChecksAccessItself('auditors and admins')
  @Mutation(() => StoreAuditType, {
    description: 'Re-reads every stored event and compares it with what the notary hashed; what no longer matches is raised as an alarm',
  })
  async auditStore(@CurrentPrincipal() principal: Principal): Promise<StoreAuditType> {
    const asAuditor = authorise(principal.roles, { kind: 'audit' });
    if (!asAuditor.allowed && !authorise(principal.roles, { kind: 'sign-checkpoint' }).allowed)
      throw new Forbidden(`to audit the store needs auditor or admin (${asAuditor.missing.replace(/^.*\(holds /, 'holds ')}`);
    await this.notary.catchUp();
    const { checked, found } = await this.notary.auditStore();
    return { checked, found: [...found] };
  }

  private async revision(): Promise<bigint | 'no_stream'> {
    let last: bigint | undefined;
    try {
      for await (const event of this.store.readStream(NOTARY_STREAM_ID, { direction: 'backwards', maxCount: 1 })) last = event.revision;
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
    }
    return last ?? 'no_stream';
  }
}
