import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { AuthorityView, InspectionSummary, InterventionSummary, SourceSummary, VisitSummary } from '@plan-ledger/projections';
import type { AuthorityWithPlans } from '../../queries/ledger-queries';
import { BusinessTimeType, CutType } from './ledger-types';
import { UnreadableEventType } from './plan-types';
import type { NoFieldsBeyond } from './presents';

type InspectorView = InspectionSummary['inspectors'][number];
type AreaJudgementView = InspectionSummary['judgements'][number];
type DateRangeView = NonNullable<InspectionSummary['fieldwork']>;
type FindingsView = InspectionSummary['findings'][number];
type AppointmentView = AuthorityView['appointments'][number];
type ReviewView = AuthorityView['reviews'][number];

@ObjectType('Inspector')
export class InspectorType implements InspectorView {
  @Field() name!: string;
  @Field() lead!: boolean;
}

@ObjectType('AreaJudgement')
export class AreaJudgementType implements AreaJudgementView {
  @Field() area!: string;
  @Field(() => String) judgement!: AreaJudgementView['judgement'];
}

@ObjectType('DateRange')
export class DateRangeType implements DateRangeView {
  @Field() start!: string;
  @Field() end!: string;
}

@ObjectType('Findings')
export class FindingsType implements FindingsView {
  @Field() findingsId!: string;
  @Field() regarding!: string;
  @Field(() => [String]) recommendations!: readonly string[];
  @Field(() => [String]) areasForPriorityAction!: readonly string[];
  @Field(() => [String]) whatNeedsToImprove!: readonly string[];
  @Field(() => [String]) strengths!: readonly string[];
  @Field(() => [String]) weaknesses!: readonly string[];
  @Field(() => [String]) progressNotes!: readonly string[];
}

@ObjectType('DocumentSource', { description: 'A document an inspection or visit rests on' })
export class DocumentSourceType implements SourceSummary {
  @Field({ description: 'The event that made it a source: the entry itself when recorded from it, else its SourceAttached' })
  eventId!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) publisher!: string | null;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true, description: "SHA-256 of the document's bytes; null for a source named by title only" })
  sha256!: string | null;
  @Field(() => Int, { nullable: true }) pages!: number | null;
  @Field(() => BusinessTimeType, { nullable: true }) publishedAt!: BusinessTimeType | null;
  @Field({ description: 'When the log recorded it as a source' }) attachedAt!: string;
}

@ObjectType('Inspection')
export class InspectionType implements InspectionSummary {
  @Field() eventId!: string;
  @Field() inspectionId!: string;
  @Field(() => String) framework!: InspectionSummary['framework'];
  @Field(() => String) kind!: InspectionSummary['kind'];
  @Field(() => DateRangeType, { nullable: true }) fieldwork!: DateRangeType | null;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
  @Field(() => String, { nullable: true }) reportDate?: string;
  @Field(() => String, { nullable: true }) publishedOn?: string;
  @Field(() => [InspectorType]) inspectors!: readonly InspectorType[];
  @Field(() => String, { nullable: true }) leadInspector!: string | null;
  @Field(() => [AreaJudgementType]) judgements!: readonly AreaJudgementType[];
  @Field(() => String) overall!: InspectionSummary['overall'];
  @Field(() => [FindingsType]) findings!: readonly FindingsType[];
  @Field(() => [DocumentSourceType], { description: 'The documents it rests on, oldest first' }) sources!: readonly DocumentSourceType[];
  @Field({ description: 'A correction recorded by the cut changed this entry' }) corrected!: boolean;
  @Field({ description: 'As of asOf, this may or may not have happened yet' }) uncertain!: boolean;
}

@ObjectType('Visit')
export class VisitType implements VisitSummary {
  @Field() eventId!: string;
  @Field(() => String) kind!: VisitSummary['kind'];
  @Field() visitId!: string;
  @Field(() => Int, { nullable: true }) number!: number | null;
  @Field(() => String, { nullable: true }) theme!: string | null;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
  @Field(() => DateRangeType, { nullable: true }) fieldwork!: DateRangeType | null;
  @Field(() => String, { nullable: true }) letterDate!: string | null;
  @Field(() => String, { nullable: true }) leadInspector!: string | null;
  @Field(() => [String]) areasCovered!: readonly string[];
  @Field(() => [FindingsType]) findings!: readonly FindingsType[];
  @Field(() => [DocumentSourceType], { description: 'The documents it rests on, oldest first' }) sources!: readonly DocumentSourceType[];
  @Field() corrected!: boolean;
  @Field() uncertain!: boolean;
}

@ObjectType('Intervention')
export class InterventionType implements InterventionSummary {
  @Field() interventionId!: string;
  @Field() kind!: string;
  @Field(() => String, { nullable: true }) summary!: string | null;
  @Field(() => BusinessTimeType) issued!: BusinessTimeType;
  @Field(() => BusinessTimeType, { nullable: true }) lifted!: BusinessTimeType | null;
  @Field() inForce!: boolean;
}

@ObjectType('Appointment')
export class AppointmentType implements AppointmentView {
  @Field() appointmentId!: string;
  @Field(() => String) role!: AppointmentView['role'];
  @Field() name!: string;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
}

@ObjectType('Review')
export class ReviewType implements ReviewView {
  @Field() reviewId!: string;
  @Field() title!: string;
  @Field(() => BusinessTimeType, { nullable: true }) completed?: BusinessTimeType;
  @Field(() => BusinessTimeType, { nullable: true }) published?: BusinessTimeType;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
}

@ObjectType('Authority')
export class AuthorityType implements AuthorityWithPlans {
  @Field() laCode!: string;
  @Field() name!: string;
  @Field() region!: string;
  @Field(() => String, { nullable: true }) onsCode!: string | null;
  @Field(() => String, { nullable: true }) latestOverallJudgement!: string | null;
  @Field(() => [InspectionType], { description: 'Judgement history, as recorded' }) inspections!: readonly InspectionType[];
  @Field(() => [VisitType]) visits!: readonly VisitType[];
  @Field(() => [InterventionType]) interventions!: readonly InterventionType[];
  @Field(() => InterventionType, { nullable: true }) currentIntervention!: InterventionType | null;
  @Field(() => [AppointmentType]) appointments!: readonly AppointmentType[];
  @Field(() => [ReviewType]) reviews!: readonly ReviewType[];
  @Field(() => [String], { description: 'The plans of this authority known at the cut' }) planIds!: readonly string[];
  @Field(() => VisitType, { nullable: true, description: 'The latest monitoring visit (business time) at the cut' })
  latestMonitoringVisit!: VisitType | null;
  @Field(() => Int, {
    nullable: true,
    description: "Whole days from the latest monitoring visit's last day (its fieldwork's, else its date's) to the cut's date",
  })
  daysSinceLatestMonitoringVisit!: number | null;
  @Field(() => [UnreadableEventType], { description: "Events of the council's streams set aside because no view can read them" })
  unreadable!: readonly UnreadableEventType[];
}

@ObjectType('AuthorityAnswer')
export class AuthorityAnswerType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => AuthorityType) authority!: AuthorityType;
}

@ObjectType('AuthorityEdge')
export class AuthorityEdgeType {
  @Field() cursor!: string;
  /** Resolved by AuthorityEdgeResolver: null, with an error naming the stream, for a council that cannot be read. */
  node!: AuthorityType | null;
  /** Not a GraphQL field: why `node` cannot be given. */
  failure?: Error;
}

@ObjectType('PageInfo')
export class PageInfoType {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('AuthorityConnection')
export class AuthorityConnectionType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => [AuthorityEdgeType]) edges!: readonly AuthorityEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int) totalCount!: number;
}

type _Checked = [
  NoFieldsBeyond<InspectorView, InspectorType>,
  NoFieldsBeyond<AreaJudgementView, AreaJudgementType>,
  NoFieldsBeyond<DateRangeView, DateRangeType>,
  NoFieldsBeyond<FindingsView, FindingsType>,
  NoFieldsBeyond<SourceSummary, DocumentSourceType>,
  NoFieldsBeyond<InspectionSummary, InspectionType>,
  NoFieldsBeyond<VisitSummary, VisitType>,
  NoFieldsBeyond<InterventionSummary, InterventionType>,
  NoFieldsBeyond<AppointmentView, AppointmentType>,
  NoFieldsBeyond<ReviewView, ReviewType>,
  NoFieldsBeyond<AuthorityWithPlans, AuthorityType>,
];
