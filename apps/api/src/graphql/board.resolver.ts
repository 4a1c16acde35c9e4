import { QueryBus } from '@nestjs/cqrs';
import { Args, ArgsType, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { changesRecorded, gradingsOfTarget, LATE_AFTER_DAYS } from '@plan-ledger/projections';
import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { Allow, ChecksAccessItself } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal';
import { requirePermission, type Principal } from '../access/principal';
import { LedgerReader } from '../ledger/ledger-reader';
import { PlanGradingsQuery } from '../queries/ledger-queries';
import { CutArgs } from './query-args';
import { cutToGraphql } from './to-graphql';
import { LearntEntryType } from './types/auditor-types';
import { CutType } from './types/ledger-types';
import { GradeType } from './types/plan-types';

@ArgsType()
class GradeHistoryArgs extends CutArgs {
  @Field() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: 'must be a plan id' }) planId!: string;
  @Field({ description: 'plan | priority | action' }) @IsIn(['plan', 'priority', 'action']) target!: 'plan' | 'priority' | 'action';
  @Field({ nullable: true, description: 'The priority or action (not for the plan itself)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: 'must be a priority or action id' })
  targetId?: string;
}

@ObjectType('GradeHistoryEntry')
class GradeHistoryEntryType extends GradeType {
  @Field() recordedAt!: string;
}

@ObjectType('GradeHistory')
class GradeHistoryType {
  @Field(() => CutType) cut!: CutType;
  @Field(() => [GradeHistoryEntryType], { description: 'Oldest first by business time; corrections applied and listed' })
  grades!: GradeHistoryEntryType[];
}

@ArgsType()
class ChangesSinceArgs {
  @Field() @Matches(/^\d{3}$/, { message: 'must be a three-digit la_code' }) laCode!: string;
  @Field({ description: 'An instant (ISO 8601), e.g. when the last board pack was printed' })
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or date-time' })
  since!: string;
  @Field({ nullable: true, description: 'Until this instant (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  knownAt?: string;
}

/** What a board reads at its meeting: the trend of grades, and what changed since the last meeting. */
@Resolver()
export class BoardResolver {
  constructor(
    private readonly reader: LedgerReader,
    private readonly queryBus: QueryBus,
  ) {}

  @ChecksAccessItself("a plan's council is known once the plan is read")
  @Query(() => GradeHistoryType, { description: 'Every grade of a plan, priority or action: the RAG trend, with corrections marked' })
  async gradeHistory(@Args() args: GradeHistoryArgs, @CurrentPrincipal() principal: Principal): Promise<GradeHistoryType> {
    const { cut, laCode, gradings } = await this.queryBus.execute(new PlanGradingsQuery(args.planId, args));
    requirePermission(principal, { kind: 'read' }, laCode);
    return { cut: cutToGraphql(cut), grades: gradingsOfTarget(gradings, args.target, args.targetId) };
  }

  @Allow({ kind: 'read' }, (args) => (typeof args.laCode === 'string' ? args.laCode : undefined))
  @Query(() => [LearntEntryType], {
    description: `What was entered or corrected for a council and its plans since an instant, in plain words (for a board pack); "recorded late" past ${LATE_AFTER_DAYS} days`,
  })
  async changesSince(@Args() args: ChangesSinceArgs): Promise<LearntEntryType[]> {
    const since = new Date(args.since).toISOString();
    const cut = await this.reader.resolveCut(args.knownAt);
    return changesRecorded(await this.reader.authorityEvents(args.laCode, cut.knownAt), since, cut.knownAt, args.laCode);
  }
}
