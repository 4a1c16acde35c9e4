import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { JUDGEMENTS } from '@plan-ledger/domain';
import { TIMELINE_KINDS, type TimelineKind } from '@plan-ledger/projections';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from './inputs/date-rules';

@ArgsType()
export class CutArgs {
  @Field({
    nullable: true,
    description: 'Only what had been recorded by this instant (ISO 8601). Default: everything, to the head of the log.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time such as 2026-05-01T12:00:00Z' })
  knownAt?: string;

  @Field({ nullable: true, description: 'Only what had happened by this date (YYYY-MM-DD). Default: no cut.' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

@ArgsType()
export class AuthorityArgs extends CutArgs {
  @Field() @Matches(/^\d{3}$/, { message: 'must be a three-digit la_code' }) laCode!: string;
}

@ArgsType()
export class AuthoritiesArgs extends CutArgs {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) region?: string;
  @Field({ nullable: true, description: JUDGEMENTS.join(' | ') }) @IsOptional() @IsIn(JUDGEMENTS) latestJudgement?: string;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() underIntervention?: boolean;
  @Field(() => Int, { nullable: true, description: 'The first n councils (after `after`); 20 when neither first nor last is given' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  first?: number;
  @Field({ nullable: true, description: 'The cursor of the last edge already seen' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  after?: string;
  @Field(() => Int, { nullable: true, description: 'The last n councils (before `before`)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  last?: number;
  @Field({ nullable: true, description: 'The cursor of the first edge already seen, to page backwards' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  before?: string;
}

/** Relay paging for the portfolio's lists: forwards with first/after, backwards with last/before. */
@ArgsType()
export class PageArgsType {
  @Field(() => Int, { nullable: true, description: 'The first n (after `after`); 50 when neither first nor last is given' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  first?: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(400) after?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(500) last?: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(400) before?: string;
  @Field({ nullable: true, description: 'Only what had been recorded by this instant (ISO 8601). Default: to the head of the log.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time such as 2026-05-01T12:00:00Z' })
  knownAt?: string;
}

@InputType('PlansFilter', { description: 'Which plans: of a council, of a region, with a status' })
export class PlansFilterInput {
  @Field({ nullable: true }) @IsOptional() @Matches(/^\d{3}$/, { message: 'must be a three-digit la_code' }) laCode?: string;
  @Field({ nullable: true, description: "A region's name or code as the register gives it: 'North West' or 'NW'" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;
  @Field({ nullable: true, description: 'open | closed | superseded' })
  @IsOptional()
  @IsIn(['open', 'closed', 'superseded'])
  status?: string;
}

@ArgsType()
export class PlansArgs extends PageArgsType {
  @Field(() => PlansFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlansFilterInput)
  filter?: PlansFilterInput;
}

@InputType('ActionsFilter', { description: 'Which actions: of a council or region, by status, owner, overdue, due date' })
export class ActionsFilterInput {
  @Field({ nullable: true }) @IsOptional() @Matches(/^\d{3}$/, { message: 'must be a three-digit la_code' }) laCode?: string;
  @Field({ nullable: true, description: "A region's name or code as the register gives it: 'North West' or 'NW'" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;
  @Field({ nullable: true, description: 'open | completed | dropped | merged' })
  @IsOptional()
  @IsIn(['open', 'completed', 'dropped', 'merged'])
  status?: string;
  @Field({ nullable: true, description: 'The owner as recorded (exact, case-insensitive)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  owner?: string;
  @Field({ nullable: true, description: 'Only open actions past their due date (true), or only those that are not (false)' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;
  @Field({ nullable: true, description: 'YYYY-MM-DD: only actions due before this date' })
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string;
}

@ArgsType()
export class ActionsArgs extends PageArgsType {
  @Field(() => ActionsFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ActionsFilterInput)
  filter?: ActionsFilterInput;
}

@ArgsType()
export class PlanArgs extends CutArgs {
  @Field() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: 'must be a plan id' }) id!: string;
}

@ArgsType()
export class TimelineArgs extends AuthorityArgs {
  @Field({ nullable: true, description: 'YYYY-MM-DD: lines whose span reaches this date or later' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;
  @Field({ nullable: true, description: 'YYYY-MM-DD: lines whose span starts by this date' }) @IsOptional() @IsCalendarDate() to?: string;
  @Field(() => [String], { nullable: true, description: TIMELINE_KINDS.join(' | ') })
  @IsOptional()
  @IsArray()
  @IsIn(TIMELINE_KINDS, { each: true })
  kinds?: TimelineKind[];
}

@ArgsType()
export class HistoryArgs {
  @Field()
  @Matches(/^(authority-\d{3}|plan-[A-Za-z0-9][A-Za-z0-9._-]{0,99}|access|notary)$/, {
    message: "must be authority-<la_code>, plan-<planId>, access (the grants of access) or notary (the clearing of the notary's alarms)",
  })
  streamId!: string;
  @Field(() => Int, { defaultValue: 50 }) @IsInt() @Min(1) @Max(500) first!: number;
  @Field({ nullable: true }) @IsOptional() @Matches(/^\d+$/, { message: 'must be a cursor from an earlier page' }) after?: string;
  @Field({ nullable: true }) @IsOptional() @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' }) knownAt?: string;
}

@ArgsType()
export class IndicatorSeriesArgs extends AuthorityArgs {
  @Field(() => [String], { nullable: true, description: 'Indicator ids; all when absent' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  indicators?: string[];
}
