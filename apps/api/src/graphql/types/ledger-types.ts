import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { BusinessTime } from '@plan-ledger/domain';
import type { Actor } from '@plan-ledger/event-store';
import { GraphQLJSON } from 'graphql-type-json';
import type { NoFieldsBeyond } from './presents';

/*
 * The classes that present a view or a domain value implement it, and the views are returned as they are (structural
 * typing), so a field dropped from either side fails to compile. Cut, RecordedEvent and RecordResult present bigints
 * and nested metadata differently: they are built by the typed functions in ../to-graphql.ts.
 */

@ObjectType('BusinessTime')
export class BusinessTimeType implements BusinessTime {
  @Field() from!: string;
  @Field(() => String, { nullable: true }) to?: string;
  @Field(() => String) precision!: BusinessTime['precision'];
  @Field(() => String, { nullable: true, description: 'The words as written' }) label?: string;
}

@ObjectType('Actor')
export class ActorType implements Actor {
  @Field({ description: "The identity provider's subject (oidc:...), the API token (token:...), the local user or a system" }) id!: string;
  @Field({ description: 'The role the command was authorised by' }) role!: string;
  @Field(() => String, { nullable: true, description: 'The name the identity provider or the grant gave' }) displayName?: string;
  @Field(() => String, { nullable: true, description: "The council (la_code) the actor acted for, where the role is a council's" })
  council?: string;
}

@ObjectType('RecordedEvent')
export class RecordedEventType {
  @Field() eventId!: string;
  @Field() streamId!: string;
  @Field({ description: '64-bit, as a decimal string' }) revision!: string;
  @Field({ description: '64-bit, as a decimal string' }) position!: string;
  @Field() type!: string;
  @Field(() => GraphQLJSON) data!: unknown;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
  @Field() recordedAt!: string;
  @Field(() => ActorType) actor!: ActorType;
  @Field(() => String, { nullable: true }) commandId?: string | null;
  @Field(() => GraphQLJSON, { nullable: true }) source?: unknown;
  @Field() schemaVersion!: number;
}

@ObjectType('RecordResult')
export class RecordResultType {
  @Field() streamId!: string;
  @Field() revision!: string;
  @Field() position!: string;
  @Field({ description: 'True when this commandId had been recorded before: nothing new was written' }) alreadyRecorded!: boolean;
  @Field(() => [RecordedEventType]) events!: RecordedEventType[];
}

@ObjectType('Cut', { description: 'The cut an answer was computed on: ask again with the same knownAt and asOf for the same answer.' })
export class CutType {
  @Field({ description: 'Only what had been recorded by this instant' }) knownAt!: string;
  @Field(() => String, { nullable: true, description: 'Only what had happened by this date' }) asOf?: string | null;
  @Field({
    description:
      'The position of the last event in the log at the cut: the last recorded by knownAt, or the head when no knownAt was given',
  })
  headPosition!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The recordedUntil the log was read with: the knownAt asked for, or null when none was (read to headPosition)',
  })
  recordedUntil!: string | null;
  @Field({
    description:
      "'read model' when answered from the service's read model at headPosition; 'fold' when the log was folded (asOf, or a model still catching up)",
  })
  answeredFrom!: string;
  @Field(() => String, { nullable: true, description: "The read model's position when the question was answered" })
  readModelPosition!: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Events of the log the read model had not folded yet when the question was answered (its lag)',
  })
  readModelBehind!: number | null;
}

type _Checked = [NoFieldsBeyond<BusinessTime, BusinessTimeType>, NoFieldsBeyond<Actor, ActorType>];
