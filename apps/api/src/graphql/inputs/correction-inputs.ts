import { bounds } from '@plan-ledger/domain';
import { Field, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsObject, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { GraphQLJSON } from 'graphql-type-json';
import { BusinessTimeField, BusinessTimeInput, CommandInput } from './common-inputs';

@InputType({ isAbstract: true })
abstract class CorrectionInput extends CommandInput {
  @Field({ description: 'The stream holding the event: authority-<la_code> or plan-<planId>' })
  @Matches(/^(authority-\d{3}|plan-[A-Za-z0-9][A-Za-z0-9._-]{0,99})$/, { message: 'must be authority-<la_code> or plan-<planId>' })
  streamId!: string;

  @Field() @IsUUID() eventId!: string;

  @Field() @IsString() @IsNotEmpty() @MaxLength(bounds.MAX_LONG_TEXT_LENGTH) reason!: string;

  @BusinessTimeField({ nullable: true })
  occurredAt?: BusinessTimeInput;
}

@InputType({ description: "New values for some of an earlier event's data fields; the event itself is never edited." })
export class CorrectEventInput extends CorrectionInput {
  @Field(() => GraphQLJSON, { description: 'Field name to new value, e.g. {"overall": "inadequate"}' })
  @IsObject()
  changes!: Record<string, unknown>;

  @BusinessTimeField({ nullable: true })
  newOccurredAt?: BusinessTimeInput;
}

@InputType({ description: 'An earlier event that should never have been recorded.' })
export class RetractEventInput extends CorrectionInput {}
