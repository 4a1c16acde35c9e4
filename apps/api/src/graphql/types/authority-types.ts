import { Field, Int, ObjectType } from '@nestjs/graphql';
import { BusinessTimeType, CutType } from './ledger-types';

@ObjectType('Inspector')
export class InspectorType {
  @Field() name!: string;
  @Field() lead!: boolean;
}

@ObjectType('AreaJudgement')
export class AreaJudgementType {
  @Field() area!: string;
  @Field() judgement!: string;
}

@ObjectType('DateRange')
export class DateRangeType {
  @Field() start!: string;
  @Field() end!: string;
}

@ObjectType('Findings')
export class FindingsType {
  @Field() findingsId!: string;
  @Field() regarding!: string;
  @Field(() => [String]) recommendations!: string[];
  @Field(() => [String]) areasForPriorityAction!: string[];
  @Field(() => [String]) whatNeedsToImprove!: string[];
  @Field(() => [String]) strengths!: string[];
  @Field(() => [String]) weaknesses!: string[];
  @Field(() => [String]) progressNotes!: string[];
}

@ObjectType('Inspection')
export class InspectionType {
  @Field() eventId!: string;
  @Field() inspectionId!: string;
  @Field() framework!: string;
  @Field() kind!: string;
  @Field(() => DateRangeType, { nullable: true }) fieldwork!: DateRangeType | null;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
  @Field(() => String, { nullable: true }) reportDate?: string | null;
  @Field(() => String, { nullable: true }) publishedOn?: string | null;
  @Field(() => [InspectorType]) inspectors!: InspectorType[];
  @Field(() => String, { nullable: true }) leadInspector!: string | null;
  @Field(() => [AreaJudgementType]) judgements!: AreaJudgementType[];
  @Field() overall!: string;
  @Field(() => [FindingsType]) findings!: FindingsType[];
  @Field({ description: 'A correction recorded by the cut changed this entry' }) corrected!: boolean;
  @Field({ description: 'As of asOf, this may or may not have happened yet' }) uncertain!: boolean;
}

@ObjectType('Visit')
export class VisitType {
  @Field() eventId!: string;
  @Field() kind!: string;
  @Field() visitId!: string;
  @Field(() => Int, { nullable: true }) number!: number | null;
  @Field(() => String, { nullable: true }) theme!: string | null;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
  @Field(() => DateRangeType, { nullable: true }) fieldwork!: DateRangeType | null;
  @Field(() => String, { nullable: true }) letterDate!: string | null;
  @Field(() => String, { nullable: true }) leadInspector!: string | null;
  @Field(() => [String]) areasCovered!: string[];
  @Field(() => [FindingsType]) findings!: FindingsType[];
  @Field() corrected!: boolean;
  @Field() uncertain!: boolean;
}

@ObjectType('Intervention')
export class InterventionType {
  @Field() interventionId!: string;
  @Field() kind!: string;
  @Field(() => String, { nullable: true }) summary!: string | null;
  @Field(() => BusinessTimeType) issued!: BusinessTimeType;
  @Field(() => BusinessTimeType, { nullable: true }) lifted!: BusinessTimeType | null;
  @Field() inForce!: boolean;
}

@ObjectType('Appointment')
export class AppointmentType {
  @Field() appointmentId!: string;
  @Field() role!: string;
  @Field() name!: string;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
}

@ObjectType('Review')
export class ReviewType {
  @Field() reviewId!: string;
  @Field() title!: string;
  @Field(() => BusinessTimeType, { nullable: true }) completed?: BusinessTimeType | null;
  @Field(() => BusinessTimeType, { nullable: true }) published?: BusinessTimeType | null;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
}

@ObjectType('Authority')
export class AuthorityType {
  @Field() laCode!: string;
  @Field() name!: string;
  @Field() region!: string;
  @Field(() => String, { nullable: true }) onsCode!: string | null;
  @Field(() => String, { nullable: true }) latestOverallJudgement!: string | null;
  @Field(() => [InspectionType], { description: 'Judgement history, as recorded' }) inspections!: InspectionType[];
  @Field(() => [VisitType]) visits!: VisitType[];
  @Field(() => [InterventionType]) interventions!: InterventionType[];
  @Field(() => InterventionType, { nullable: true }) currentIntervention!: InterventionType | null;
  @Field(() => [AppointmentType]) appointments!: AppointmentType[];
  @Field(() => [ReviewType]) reviews!: ReviewType[];
  @Field(() => [String], { description: 'The plans of this authority known at the cut' }) planIds!: string[];
}

@ObjectType('AuthorityAnswer')
export class AuthorityAnswerType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => AuthorityType) authority!: AuthorityType;
}

@ObjectType('AuthorityEdge')
export class AuthorityEdgeType {
  @Field() cursor!: string;
  @Field(() => AuthorityType) node!: AuthorityType;
}

@ObjectType('PageInfo')
export class PageInfoType {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('AuthorityConnection')
export class AuthorityConnectionType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => [AuthorityEdgeType]) edges!: AuthorityEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int) totalCount!: number;
}
