import { bounds } from '@plan-ledger/domain';
import { Field, InputType, Int } from '@nestjs/graphql';
import { DATE_PRECISIONS, businessTimeProblems, type DatePrecision } from '@plan-ledger/domain';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IsCalendarDate } from './date-rules';

/** The whole business time must hold together (real dates at its precision, `to` not before `from`). */
function IsCoherentBusinessTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCoherentBusinessTime',
      validator: {
        validate: (value) => businessTimeProblems(JSON.parse(JSON.stringify(value ?? null)), 'occurredAt').length === 0,
        defaultMessage: (args) => {
          const [problem] = businessTimeProblems(JSON.parse(JSON.stringify(args?.value ?? null)), args?.property ?? 'occurredAt');
          return problem ? `${problem.field.split('.').slice(1).join('.') || 'value'} ${problem.rule}` : 'must be a business time';
        },
      },
    },
    options,
  );
}

@InputType({ description: 'When something happened: a date, or a span, at day, month or year precision, with the words as written.' })
export class BusinessTimeInput {
  @Field({ description: 'YYYY-MM-DD, YYYY-MM or YYYY, matching precision' })
  @IsString()
  from!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  to?: string;

  @Field(() => String, { description: DATE_PRECISIONS.join(' | ') })
  @IsIn(DATE_PRECISIONS)
  precision!: DatePrecision;

  @Field({ nullable: true, description: 'The words as written, e.g. "Mar/Apr 2017"' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label?: string;
}

export function BusinessTimeField(options: { nullable?: boolean } = {}): PropertyDecorator {
  return (target, key) => {
    Field(() => BusinessTimeInput, { nullable: options.nullable })(target, key);
    if (options.nullable) IsOptional()(target, key);
    ValidateNested()(target, key);
    Type(() => BusinessTimeInput)(target, key);
    IsCoherentBusinessTime()(target, key);
  };
}

@InputType({ description: 'The document an event was taken from.' })
export class SourceInput {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @Field({ nullable: true, description: 'SHA-256 of the document, hex' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits' })
  sha256?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(bounds.MAX_LONG_TEXT_LENGTH)
  url?: string;
}

@InputType()
export class DateRangeInput {
  @Field()
  @IsCalendarDate()
  start!: string;

  @Field()
  @IsCalendarDate()
  end!: string;
}

@InputType()
export class InspectorInput {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  lead!: boolean;
}

/** What every command input carries besides its own fields. */
@InputType({ isAbstract: true })
export abstract class CommandInput {
  @Field({ nullable: true, description: 'Client-chosen id: a retry with the same id records nothing more and returns the first result.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  commandId?: string;

  @Field({
    nullable: true,
    description: "The stream revision the client last read; a mismatch is a CONFLICT. Omit to record at the stream's current revision.",
  })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'must be a revision: a whole number written in digits' })
  expectedRevision?: string;

  @Field(() => SourceInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SourceInput)
  source?: SourceInput;
}

/** Commands about something that happened: they must say when. */
@InputType({ isAbstract: true })
export abstract class DatedCommandInput extends CommandInput {
  @BusinessTimeField()
  occurredAt!: BusinessTimeInput;
}

export const MAX_ITEMS = 200;
export { Int };
