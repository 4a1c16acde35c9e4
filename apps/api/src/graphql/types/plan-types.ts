import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type {
  ActionView,
  CorrectionView,
  GradeView,
  IndicatorView,
  PlanView,
  PriorityView,
  TimelineEntry,
  UnreadableEntry,
} from '@plan-ledger/projections';
import type { JsonObject } from '@plan-ledger/event-store';
import { GraphQLJSON } from 'graphql-type-json';
import { ActorType, BusinessTimeType, CutType } from './ledger-types';
import type { NoFieldsBeyond } from './presents';

type ActionAmendmentView = ActionView['amendments'][number];
type MeasurementView = IndicatorView['measurements'][number];
type BoardMeetingView = PlanView['boardMeetings'][number];

@ObjectType('Correction', { description: 'A correction that took effect on the value shown: from what, to what, by whom, when, why' })
export class CorrectionType implements CorrectionView {
  @Field(() => GraphQLJSON, { description: 'The corrected fields before this correction (null: the field was absent)' }) from!: JsonObject;
  @Field(() => GraphQLJSON, { description: 'Their new values (null: the field was removed)' }) to!: JsonObject;
  @Field({ description: 'Who recorded the correction (actor id)' }) by!: string;
  @Field({ description: 'When the correction was recorded' }) at!: string;
  @Field() reason!: string;
}

@ObjectType('UnreadableProblem')
export class UnreadableProblemType {
  @Field() field!: string;
  @Field() rule!: string;
}

@ObjectType('UnreadableEvent', {
  description: 'A stored event no view can read (an old or broken shape): set aside from the answer and named here',
})
export class UnreadableEventType implements UnreadableEntry {
  @Field() eventId!: string;
  @Field() streamId!: string;
  @Field() type!: string;
  @Field(() => [UnreadableProblemType]) problems!: readonly UnreadableProblemType[];
}

@ObjectType('Grade')
export class GradeType implements GradeView {
  @Field() grade!: string;
  @Field() gradedBy!: string;
  @Field(() => String, { nullable: true }) evidence!: string | null;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
  @Field() eventId!: string;
  @Field(() => [CorrectionType]) corrections!: readonly CorrectionType[];
}

@ObjectType('Priority')
export class PriorityType implements PriorityView {
  @Field() priorityId!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String) status!: PriorityView['status'];
  @Field(() => GradeType, { nullable: true }) latestGrade!: GradeType | null;
  @Field(() => [CorrectionType]) corrections!: readonly CorrectionType[];
}

@ObjectType('ActionAmendment')
export class ActionAmendmentType implements ActionAmendmentView {
  @Field() reason!: string;
  @Field(() => String, { nullable: true, description: 'The new due date, when the amendment changed it' }) due!: string | null;
  @Field({ description: 'The due date just before the amendment: a re-dating reads previousDue → due' }) previousDue!: string;
  @Field({ description: 'Who recorded the amendment (actor id)' }) by!: string;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
}

@ObjectType('Action')
export class ActionType implements ActionView {
  @Field() actionId!: string;
  @Field() priorityId!: string;
  @Field() title!: string;
  @Field() owner!: string;
  @Field() due!: string;
  @Field(() => String, { nullable: true }) successMeasure!: string | null;
  @Field(() => String, { description: 'open | completed | dropped | merged' }) status!: ActionView['status'];
  @Field({ description: 'Open and past due at the cut' }) overdue!: boolean;
  @Field(() => [ActionAmendmentType]) amendments!: readonly ActionAmendmentType[];
  @Field(() => GradeType, { nullable: true }) latestGrade!: GradeType | null;
  @Field(() => [CorrectionType]) corrections!: readonly CorrectionType[];
}

@ObjectType('Measurement')
export class MeasurementType implements MeasurementView {
  @Field(() => Float) value!: number;
  @Field() at!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field() eventId!: string;
}

@ObjectType('Indicator')
export class IndicatorType implements IndicatorView {
  @Field() indicatorId!: string;
  @Field() planId!: string;
  @Field() name!: string;
  @Field(() => String) unit!: IndicatorView['unit'];
  @Field(() => Float, { nullable: true }) target?: number;
  @Field(() => String, { nullable: true }) direction?: IndicatorView['direction'];
  @Field(() => [MeasurementType]) measurements!: readonly MeasurementType[];
}

@ObjectType('BoardMeeting')
export class BoardMeetingType implements BoardMeetingView {
  @Field() meetingId!: string;
  @Field(() => String, { nullable: true }) chair?: string;
  @Field(() => [String]) decisions!: readonly string[];
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
}

@ObjectType('Plan')
export class PlanType implements PlanView {
  @Field() planId!: string;
  @Field() laCode!: string;
  @Field() title!: string;
  @Field() kind!: string;
  @Field(() => String, { nullable: true }) respondsTo!: string | null;
  @Field(() => String, { nullable: true }) supersedes!: string | null;
  @Field(() => BusinessTimeType) createdAt!: BusinessTimeType;
  @Field(() => String, { description: 'open | closed | superseded' }) status!: PlanView['status'];
  @Field(() => String, { nullable: true, description: 'The plan that supersedes this one' }) supersededBy!: string | null;
  @Field(() => [PriorityType]) priorities!: readonly PriorityType[];
  @Field(() => [ActionType]) actions!: readonly ActionType[];
  @Field(() => GradeType, { nullable: true }) latestPlanGrade!: GradeType | null;
  @Field(() => [IndicatorType]) indicators!: readonly IndicatorType[];
  @Field(() => [BoardMeetingType]) boardMeetings!: readonly BoardMeetingType[];
}

@ObjectType('PlanAnswer')
export class PlanAnswerType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => PlanType) plan!: PlanType;
  @Field(() => [UnreadableEventType], { description: "Events of the plan's stream set aside because no view can read them" })
  unreadable!: readonly UnreadableEventType[];
}

@ObjectType('IndicatorSeriesAnswer')
export class IndicatorSeriesAnswerType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => [IndicatorType]) indicators!: readonly IndicatorType[];
}

@ObjectType('TimelineEntry')
export class TimelineEntryType implements TimelineEntry {
  @Field(() => BusinessTimeType) at!: BusinessTimeType;
  @Field() label!: string;
  @Field(() => String) kind!: TimelineEntry['kind'];
  @Field() title!: string;
  @Field() streamId!: string;
  @Field() eventId!: string;
  @Field() uncertain!: boolean;
  @Field() corrected!: boolean;
}

@ObjectType('TimelineAnswer')
export class TimelineAnswerType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => [TimelineEntryType]) entries!: readonly TimelineEntryType[];
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
  @Field(() => ActorType, { description: 'Who recorded it: id, role, name and the council they acted for' }) actor!: ActorType;
  @Field(() => String, { nullable: true }) commandId!: string | null;
  @Field(() => String, { nullable: true, description: 'For a correction or retraction: the event it names' }) corrects!: string | null;
  @Field(() => [String], { description: 'Corrections and retractions recorded (by the cut) that name this event' })
  correctedBy!: readonly string[];
}

@ObjectType('HistoryEdge')
export class HistoryEdgeType {
  @Field() cursor!: string;
  @Field(() => HistoryEventType) node!: HistoryEventType;
}

@ObjectType('HistoryConnection')
export class HistoryConnectionType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => [HistoryEdgeType]) edges!: readonly HistoryEdgeType[];
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field(() => Int) totalCount!: number;
}

type _Checked = [
  NoFieldsBeyond<CorrectionView, CorrectionType>,
  NoFieldsBeyond<UnreadableEntry, UnreadableEventType>,
  NoFieldsBeyond<GradeView, GradeType>,
  NoFieldsBeyond<PriorityView, PriorityType>,
  NoFieldsBeyond<ActionAmendmentView, ActionAmendmentType>,
  NoFieldsBeyond<ActionView, ActionType>,
  NoFieldsBeyond<MeasurementView, MeasurementType>,
  NoFieldsBeyond<IndicatorView, IndicatorType>,
  NoFieldsBeyond<BoardMeetingView, BoardMeetingType>,
  NoFieldsBeyond<PlanView, PlanType>,
  NoFieldsBeyond<TimelineEntry, TimelineEntryType>,
];
