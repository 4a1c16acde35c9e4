import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoType } from './authority-types';
import { ActionType, BoardMeetingType } from './plan-types';
import { BusinessTimeType, CutType } from './ledger-types';

@ObjectType('GradeCount', { description: 'How many items last had a grade; "not graded" for those never graded' })
export class GradeCountType {
  @Field() grade!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('PlanProgress')
export class PlanProgressType {
  @Field(() => [GradeCountType], { description: 'Active priorities by their latest grade' }) priorities!: GradeCountType[];
  @Field(() => [GradeCountType], { description: 'Actions by their latest grade' }) actions!: GradeCountType[];
  @Field(() => Int) openActions!: number;
  @Field(() => Int, { description: 'Open actions past their due date at the cut' }) overdueActions!: number;
  @Field(() => BoardMeetingType, { nullable: true, description: 'The last board meeting recorded for the plan' })
  latestBoardMeeting!: BoardMeetingType | null;
}

@ObjectType('PlanSummary', { description: 'A plan as the portfolio lists it: whose, what, and how it is going' })
export class PlanSummaryType {
  @Field() planId!: string;
  @Field() laCode!: string;
  @Field() title!: string;
  @Field() kind!: string;
  @Field(() => String, { description: 'open | closed | superseded' }) status!: string;
  @Field(() => String, { nullable: true }) supersededBy!: string | null;
  @Field(() => BusinessTimeType) createdAt!: BusinessTimeType;
  @Field(() => PlanProgressType) progress!: PlanProgressType;
  @Field({ description: "The plan stream's revision at the cut: pass it as expectedRevision to write next" }) revision!: string;
}

@ObjectType('PlanSummaryEdge')
export class PlanSummaryEdgeType {
  @Field() cursor!: string;
  @Field(() => PlanSummaryType) node!: PlanSummaryType;
}

@ObjectType('PlanSummaryConnection')
export class PlanSummaryConnectionType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => [PlanSummaryEdgeType]) edges!: PlanSummaryEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int) totalCount!: number;
}

@ObjectType('PortfolioAction', { description: 'An action with the plan and council it belongs to' })
export class PortfolioActionType extends ActionType {
  @Field() planId!: string;
  @Field() laCode!: string;
  @Field({ description: "The plan stream's revision at the cut: pass it as expectedRevision to write next" }) revision!: string;
}

@ObjectType('PortfolioActionEdge')
export class PortfolioActionEdgeType {
  @Field() cursor!: string;
  @Field(() => PortfolioActionType) node!: PortfolioActionType;
}

@ObjectType('PortfolioActionConnection')
export class PortfolioActionConnectionType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => [PortfolioActionEdgeType]) edges!: PortfolioActionEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
  @Field(() => Int) totalCount!: number;
}
