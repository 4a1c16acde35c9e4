import { bounds } from '@plan-ledger/domain';
import { Field, Float, InputType } from '@nestjs/graphql';
import {
  ACTION_OUTCOMES,
  GRADE_TARGETS,
  GRADED_BY,
  INDICATOR_DIRECTIONS,
  INDICATOR_UNITS,
  PLAN_KINDS,
  PROGRESS_GRADES,
} from '@plan-ledger/domain';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DatedCommandInput, MAX_ITEMS } from './common-inputs';
import { IsCalendarDate } from './date-rules';

const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

@InputType({ isAbstract: true })
abstract class PlanCommandInput extends DatedCommandInput {
  @Field({ description: 'The plan, e.g. worcestershire-2017-06' })
  @Matches(PLAN_ID, { message: 'must be 1-100 letters, digits, . _ or -, starting with a letter or digit' })
  planId!: string;
}

@InputType()
export class CreatePlanInput extends PlanCommandInput {
  @Field() @Matches(/^\d{3}$/, { message: 'must be a three-digit la_code' }) laCode!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @Field({ description: PLAN_KINDS.join(' | ') }) @IsIn(PLAN_KINDS) kind!: string;
  @Field({ nullable: true, description: 'The inspectionId the plan answers' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  respondsTo?: string;
  @Field({ nullable: true, description: 'The planId this plan replaces' }) @IsOptional() @Matches(PLAN_ID) supersedes?: string;
}

@InputType()
export class SetPriorityInput extends PlanCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) priorityId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(5000) description?: string;
}

@InputType()
export class AmendPriorityInput extends PlanCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) priorityId!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(bounds.MAX_LONG_TEXT_LENGTH) reason!: string;
}

@InputType()
export class RetirePriorityInput extends PlanCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) priorityId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(bounds.MAX_LONG_TEXT_LENGTH) reason!: string;
}

@InputType()
export class AddActionInput extends PlanCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) actionId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) priorityId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(500) title!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(200) owner!: string;
  @Field({ description: 'YYYY-MM-DD' }) @IsCalendarDate() due!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(bounds.MAX_LONG_TEXT_LENGTH) successMeasure?: string;
}

@InputType()
export class AmendActionInput extends PlanCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) actionId!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) title?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) owner?: string;
  @Field({ nullable: true }) @IsOptional() @IsCalendarDate() due?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(bounds.MAX_LONG_TEXT_LENGTH) successMeasure?: string;
  @Field({ description: 'Why: kept so that re-dating stays visible' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(bounds.MAX_LONG_TEXT_LENGTH)
  reason!: string;
}

@InputType()
export class CloseActionInput extends PlanCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) actionId!: string;
  @Field({ description: ACTION_OUTCOMES.join(' | ') }) @IsIn(ACTION_OUTCOMES) outcome!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) mergedInto?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(bounds.MAX_LONG_TEXT_LENGTH) note?: string;
}

@InputType()
export class GradeProgressInput extends PlanCommandInput {
  @Field({ description: GRADE_TARGETS.join(' | ') }) @IsIn(GRADE_TARGETS) target!: string;
  @Field({ nullable: true, description: 'The priorityId or actionId; absent for the plan' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetId?: string;
  @Field({ description: PROGRESS_GRADES.join(' | ') }) @IsIn(PROGRESS_GRADES) grade!: string;
  @Field({ description: GRADED_BY.join(' | ') }) @IsIn(GRADED_BY) gradedBy!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(5000) evidence?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) fromVisit?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) fromMeeting?: string;
}

@InputType()
export class DefineIndicatorInput extends PlanCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) indicatorId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(300) name!: string;
  @Field({ description: INDICATOR_UNITS.join(' | ') }) @IsIn(INDICATOR_UNITS) unit!: string;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) target?: number;
  @Field({ nullable: true, description: INDICATOR_DIRECTIONS.join(' | ') }) @IsOptional() @IsIn(INDICATOR_DIRECTIONS) direction?: string;
}

@InputType()
export class MeasureIndicatorInput extends PlanCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) indicatorId!: string;
  @Field(() => Float) @IsNumber({ allowNaN: false, allowInfinity: false }) value!: number;
  @Field({ description: 'YYYY-MM-DD: the date the figure is for' }) @IsCalendarDate() at!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(bounds.MAX_LONG_TEXT_LENGTH) note?: string;
}

@InputType()
export class HoldBoardMeetingInput extends PlanCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) meetingId!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) chair?: string;
  @Field(() => [String], { defaultValue: [] }) @IsArray() @ArrayMaxSize(MAX_ITEMS) @IsString({ each: true }) decisions!: string[];
}

@InputType()
export class ClosePlanInput extends PlanCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(bounds.MAX_LONG_TEXT_LENGTH) reason!: string;
}
