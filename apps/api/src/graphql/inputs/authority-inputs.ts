import { bounds } from '@plan-ledger/domain';
import { Field, InputType, Int } from '@nestjs/graphql';
import {
  APPOINTMENT_ROLES,
  FOCUSED_VISIT_KINDS,
  FRAMEWORK_SCALES,
  INSPECTION_FRAMEWORKS,
  INSPECTION_KINDS,
  INTERVENTION_KINDS,
  JUDGEMENTS,
} from '@plan-ledger/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BusinessTimeField, BusinessTimeInput, DateRangeInput, DatedCommandInput, InspectorInput, MAX_ITEMS } from './common-inputs';
import { IsPartialDate } from './date-rules';

const LA_CODE = /^\d{3}$/;

@InputType({ isAbstract: true })
abstract class AuthorityCommandInput extends DatedCommandInput {
  @Field({ description: "The council's three-digit la_code, e.g. 885 for Worcestershire" })
  @Matches(LA_CODE, { message: 'must be a three-digit la_code' })
  laCode!: string;
}

@InputType()
export class RegisterAuthorityInput extends AuthorityCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) region!: string;
  @Field({ nullable: true }) @IsOptional() @Matches(/^E\d{8}$/, { message: 'must be an ONS code such as E10000034' }) onsCode?: string;
  @Field({
    nullable: true,
    description:
      'Only for a council the national register does not hold (e.g. one formed by a reorganisation): why it is registered anyway',
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  newAuthorityReason?: string;
}

/**
 * Any judgement of either scale is let through here; that it is on its inspection's framework's scale ("adequate"
 * only from 2009-2013 frameworks, "requires improvement to be good" only from SIF and ILACS) is the domain's one rule,
 * checked by the parse every write goes through.
 */
const ON_ITS_FRAMEWORKS_SCALE = `${JUDGEMENTS.join(' | ')}, on the framework's scale: ${Object.entries(FRAMEWORK_SCALES)
  .map(([framework, scale]) => `${framework}: ${scale.join(' | ')}`)
  .join('; ')}`;

@InputType()
export class AreaJudgementInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(300) area!: string;
  @Field({ description: ON_ITS_FRAMEWORKS_SCALE }) @IsIn(JUDGEMENTS) judgement!: string;
}

@InputType()
export class RecordInspectionInput extends AuthorityCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) inspectionId!: string;
  @Field({ description: INSPECTION_FRAMEWORKS.join(' | ') }) @IsIn(INSPECTION_FRAMEWORKS) framework!: string;
  @Field({ description: INSPECTION_KINDS.join(' | ') }) @IsIn(INSPECTION_KINDS) kind!: string;
  @Field(() => DateRangeInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => DateRangeInput) fieldwork?: DateRangeInput;
  @Field({ nullable: true }) @IsOptional() @IsPartialDate() reportDate?: string;
  @Field({ nullable: true }) @IsOptional() @IsPartialDate() publishedOn?: string;
  @Field(() => [InspectorInput], { description: 'Empty when the source does not name them' })
  @IsArray()
  @ArrayMaxSize(bounds.MAX_INSPECTORS)
  @ValidateNested({ each: true })
  @Type(() => InspectorInput)
  inspectors!: InspectorInput[];
  @Field(() => [AreaJudgementInput])
  @IsArray()
  @ArrayMaxSize(bounds.MAX_INSPECTORS)
  @ValidateNested({ each: true })
  @Type(() => AreaJudgementInput)
  judgements!: AreaJudgementInput[];
  @Field({ description: ON_ITS_FRAMEWORKS_SCALE }) @IsIn(JUDGEMENTS) overall!: string;
}

@InputType()
export class LogMonitoringVisitInput extends AuthorityCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) visitId!: string;
  @Field(() => Int) @IsInt() @Min(1) number!: number;
  @Field({ description: 'The inspection (inspectionId) whose inadequate judgement the visit follows, or its date' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  follows!: string;
  @Field(() => DateRangeInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => DateRangeInput) fieldwork?: DateRangeInput;
  @Field({ nullable: true }) @IsOptional() @IsPartialDate() letterDate?: string;
  @Field({ nullable: true }) @IsOptional() @IsPartialDate() publishedOn?: string;
  @Field(() => [InspectorInput], { description: 'Empty when the source does not name them' })
  @IsArray()
  @ArrayMaxSize(bounds.MAX_INSPECTORS)
  @ValidateNested({ each: true })
  @Type(() => InspectorInput)
  inspectors!: InspectorInput[];
  @Field(() => [String], { defaultValue: [] }) @IsArray() @ArrayMaxSize(MAX_ITEMS) @IsString({ each: true }) areasCovered!: string[];
}

@InputType()
export class LogFocusedVisitInput extends AuthorityCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) visitId!: string;
  @Field({ description: FOCUSED_VISIT_KINDS.join(' | ') }) @IsIn(FOCUSED_VISIT_KINDS) kind!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(500) theme!: string;
  @Field(() => DateRangeInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => DateRangeInput) fieldwork?: DateRangeInput;
  @Field({ nullable: true }) @IsOptional() @IsPartialDate() letterDate?: string;
  @Field({ nullable: true }) @IsOptional() @IsPartialDate() publishedOn?: string;
  @Field(() => [InspectorInput], { description: 'Empty when the source does not name them' })
  @IsArray()
  @ArrayMaxSize(bounds.MAX_INSPECTORS)
  @ValidateNested({ each: true })
  @Type(() => InspectorInput)
  inspectors!: InspectorInput[];
  @Field() @IsBoolean() priorityActionsSet!: boolean;
}

@InputType()
export class RecordFindingsInput extends AuthorityCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) findingsId!: string;
  @Field({ description: 'The inspectionId or visitId the findings come from' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  regarding!: string;
  @Field(() => [String], { defaultValue: [] }) @IsArray() @ArrayMaxSize(MAX_ITEMS) @IsString({ each: true }) recommendations!: string[];
  @Field(() => [String], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  areasForPriorityAction!: string[];
  @Field(() => [String], { defaultValue: [] }) @IsArray() @ArrayMaxSize(MAX_ITEMS) @IsString({ each: true }) whatNeedsToImprove!: string[];
  @Field(() => [String], { defaultValue: [] }) @IsArray() @ArrayMaxSize(MAX_ITEMS) @IsString({ each: true }) strengths!: string[];
  @Field(() => [String], { defaultValue: [] }) @IsArray() @ArrayMaxSize(MAX_ITEMS) @IsString({ each: true }) weaknesses!: string[];
  @Field(() => [String], { defaultValue: [] }) @IsArray() @ArrayMaxSize(MAX_ITEMS) @IsString({ each: true }) progressNotes!: string[];
}

@InputType()
export class IssueInterventionInput extends AuthorityCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) interventionId!: string;
  @Field({ description: INTERVENTION_KINDS.join(' | ') }) @IsIn(INTERVENTION_KINDS) kind!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(bounds.MAX_LONG_TEXT_LENGTH) summary?: string;
}

@InputType()
export class LiftInterventionInput extends AuthorityCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) interventionId!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(bounds.MAX_LONG_TEXT_LENGTH) reason?: string;
}

@InputType()
export class MakeAppointmentInput extends AuthorityCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) appointmentId!: string;
  @Field({ description: APPOINTMENT_ROLES.join(' | ') }) @IsIn(APPOINTMENT_ROLES) role!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
}

@InputType()
export class PublishReviewInput extends AuthorityCommandInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(100) reviewId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(300) title!: string;
  @BusinessTimeField({ nullable: true }) completed?: BusinessTimeInput;
  @BusinessTimeField({ nullable: true }) published?: BusinessTimeInput;
}

/**
 * A document as its own fields; the domain's parse holds it to the bounds (a SHA-256 of 64 lowercase hex digits, an
 * http(s) address, pages from 1). Named `document` here because every command input's `source` is the envelope's.
 */
@InputType()
export class DocumentSourceInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(200) title!: string;
  @Field({ nullable: true, description: 'Ofsted, Department for Education...' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  publisher?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(bounds.MAX_URL_LENGTH) url?: string;
  @Field({ description: "SHA-256 of the document's bytes, lowercase hex" })
  @Matches(bounds.SHA256_PATTERN, { message: 'must be 64 lowercase hex digits' })
  sha256!: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) pages?: number;
  @BusinessTimeField({ nullable: true }) publishedAt?: BusinessTimeInput;
}

@InputType()
export class AttachSourceInput extends AuthorityCommandInput {
  @Field({ description: 'The eventId of the inspection or visit the document is a source of' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  regarding!: string;
  @Field(() => DocumentSourceInput) @ValidateNested() @Type(() => DocumentSourceInput) document!: DocumentSourceInput;
}
