import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { BusinessTimeType, CutType } from './ledger-types';

@ObjectType('Grade')
export class GradeType {
  @Field() grade!: string;
  @Field() gradedBy!: string;
  @Field(() => String, { nullable: true }) evidence!: string | null;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
  @Field() eventId!: string;
}

@ObjectType('Priority')
export class PriorityType {
  @Field() priorityId!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field() status!: string;
  @Field(() => GradeType, { nullable: true }) latestGrade!: GradeType | null;
}

@ObjectType('ActionAmendment')
export class ActionAmendmentType {
  @Field() reason!: string;
  @Field(() => String, { nullable: true }) due!: string | null;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
}

@ObjectType('Action')
export class ActionType {
  @Field() actionId!: string;
  @Field() priorityId!: string;
  @Field() title!: string;
  @Field() owner!: string;
  @Field() due!: string;
  @Field(() => String, { nullable: true }) successMeasure!: string | null;
  @Field({ description: 'open | completed | dropped | merged' }) status!: string;
  @Field({ description: 'Open and past due at the cut' }) overdue!: boolean;
  @Field(() => [ActionAmendmentType]) amendments!: ActionAmendmentType[];
  @Field(() => GradeType, { nullable: true }) latestGrade!: GradeType | null;
}

@ObjectType('Measurement')
export class MeasurementType {
  @Field(() => Float) value!: number;
  @Field() at!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field() eventId!: string;
}

@ObjectType('Indicator')
export class IndicatorType {
  @Field() indicatorId!: string;
  @Field() planId!: string;
  @Field() name!: string;
  @Field() unit!: string;
  @Field(() => Float, { nullable: true }) target?: number | null;
  @Field(() => String, { nullable: true }) direction?: string | null;
  @Field(() => [MeasurementType]) measurements!: MeasurementType[];
}

@ObjectType('BoardMeeting')
export class BoardMeetingType {
  @Field() meetingId!: string;
  @Field(() => String, { nullable: true }) chair?: string | null;
  @Field(() => [String]) decisions!: string[];
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
}

@ObjectType('Plan')
export class PlanType {
  @Field() planId!: string;
  @Field() laCode!: string;
  @Field() title!: string;
  @Field() kind!: string;
  @Field(() => String, { nullable: true }) respondsTo!: string | null;
  @Field(() => String, { nullable: true }) supersedes!: string | null;
  @Field(() => BusinessTimeType) createdAt!: BusinessTimeType;
  @Field() status!: string;
  @Field(() => [PriorityType]) priorities!: PriorityType[];
  @Field(() => [ActionType]) actions!: ActionType[];
  @Field(() => GradeType, { nullable: true }) latestPlanGrade!: GradeType | null;
  @Field(() => [IndicatorType]) indicators!: IndicatorType[];
  @Field(() => [BoardMeetingType]) boardMeetings!: BoardMeetingType[];
}

@ObjectType('PlanAnswer')
export class PlanAnswerType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => PlanType) plan!: PlanType;
}

@ObjectType('IndicatorSeriesAnswer')
export class IndicatorSeriesAnswerType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => [IndicatorType]) indicators!: IndicatorType[];
}

@ObjectType('TimelineEntry')
export class TimelineEntryType {
  @Field(() => BusinessTimeType) at!: BusinessTimeType;
  @Field() label!: string;
  @Field() kind!: string;
  @Field() title!: string;
  @Field() streamId!: string;
  @Field() eventId!: string;
  @Field() uncertain!: boolean;
  @Field() corrected!: boolean;
}

@ObjectType('TimelineAnswer')
export class TimelineAnswerType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => [TimelineEntryType]) entries!: TimelineEntryType[];
}

@ObjectType('HistoryEvent', { description: 'An event exactly as recorded, with what corrects it (or what it corrects).' })
export class HistoryEventType {
  @Field() eventId!: string;
  @Field() revision!: string;
  @Field() position!: string;
  @Field() type!: string;
  @Field(() => GraphQLJSON, { description: 'As stored, before any correction' }) data!: unknown;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
  @Field() recordedAt!: string;
  @Field() actorId!: string;
  @Field() actorRole!: string;
  @Field(() => String, { nullable: true }) commandId!: string | null;
  @Field(() => String, { nullable: true, description: 'For a correction or retraction: the event it names' }) corrects!: string | null;
  @Field(() => [String], { description: 'Corrections and retractions recorded (by the cut) that name this event' }) correctedBy!: string[];
}

@ObjectType('HistoryEdge')
export class HistoryEdgeType {
  @Field() cursor!: string;
  @Field(() => HistoryEventType) node!: HistoryEventType;
}

@ObjectType('HistoryConnection')
export class HistoryConnectionType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => [HistoryEdgeType]) edges!: HistoryEdgeType[];
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field(() => Int) totalCount!: number;
}
