import { Inject } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Checkpoint, Notary } from '@plan-ledger/notary';
import { NotaryError } from '@plan-ledger/notary';
import { LATE_AFTER_DAYS, authorityReport, changesRecorded, knowledgeDiff } from '@plan-ledger/projections';
import { IsISO8601, IsInt, IsOptional, IsUUID, Matches, Min } from 'class-validator';
import { ArgsType, Field } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-type-json';
import { Allow } from '../access/access-rule';
import { InputRejected, NotFound } from '../errors/input-rejected';
import { LedgerReader } from '../ledger/ledger-reader';
import { NOTARY } from '../notary/notary.module';
import type { LedgerConfig } from '../config/ledger-config';
import { LEDGER_CONFIG } from '../event-store/event-store.tokens';
import { IsCalendarDate } from './inputs/date-rules';
import { CutArgs } from './query-args';
import { CheckpointType, ConsistencyProofType, InclusionProofType, LearntEntryType, NotaryStatusType } from './types/auditor-types';

@ArgsType()
class InclusionProofArgs {
  @Field() @IsUUID() eventId!: string;
  @Field(() => Int, { nullable: true, description: 'Default: the current tree size' }) @IsOptional() @IsInt() @Min(1) treeSize?: number;
}

/** What the entries of the audit answers call late. */
@ArgsType()
class LatenessArgs {
  @Field(() => Int, {
    nullable: true,
    description: `An entry is "recorded late" when recorded more than this many days after it happened (default ${LATE_AFTER_DAYS})`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  lateAfterDays?: number;
}

@ArgsType()
class KnowledgeDiffArgs extends LatenessArgs {
  @Field() @Matches(/^\d{3}$/, { message: 'must be a three-digit la_code' }) laCode!: string;
  @Field({ description: 'The business date asked about' }) @IsCalendarDate() asOf!: string;
  @Field({ description: 'What was known then...' }) @IsISO8601({ strict: true }) knownAt!: string;
  @Field({ description: '...against what was known then' }) @IsISO8601({ strict: true }) vs!: string;
}

@ArgsType()
class ChangesRecordedArgs extends LatenessArgs {
  @Field() @IsISO8601({ strict: true }) from!: string;
  @Field() @IsISO8601({ strict: true }) to!: string;
  @Field({ nullable: true }) @IsOptional() @Matches(/^\d{3}$/, { message: 'must be a three-digit la_code' }) laCode?: string;
}

@ArgsType()
class AuthorityReportArgs extends CutArgs {
  @Field() @Matches(/^\d{3}$/, { message: 'must be a three-digit la_code' }) laCode!: string;
}

function checkpointToGraphql(checkpoint: Checkpoint): CheckpointType {
  return {
    size: checkpoint.size.toString(),
    rootHash: checkpoint.rootHash.toString('base64'),
    time: checkpoint.time,
    note: checkpoint.note,
  };
}

function asInput<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof NotaryError && error.code === 'UNKNOWN_EVENT')
      throw new NotFound(error.message.replace(/ is not in the log$/, ''));
    if (error instanceof NotaryError) throw new InputRejected([{ field: 'treeSize', rule: error.message }]);
    throw error;
  }
}

/** What auditors ask: checkpoints, proofs, and what was learnt when. */
@Resolver()
export class AuditorResolver {
  constructor(
    @Inject(NOTARY) private readonly notary: Notary,
    private readonly reader: LedgerReader,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Allow({ kind: 'notary' })
  @Query(() => NotaryStatusType)
  notaryStatus(): NotaryStatusType {
    return { publicKey: this.notary.publicKey, treeSize: this.notary.size, alarms: [...this.notary.alarms] };
  }

  @Allow({ kind: 'notary' })
  @Query(() => [CheckpointType])
  checkpoints(): CheckpointType[] {
    return this.notary.checkpoints.map(checkpointToGraphql);
  }

  @Allow({ kind: 'notary' })
  @Query(() => CheckpointType, { nullable: true })
  latestCheckpoint(): CheckpointType | null {
    const latest = this.notary.latestCheckpoint();
    return latest ? checkpointToGraphql(latest) : null;
  }

  @Allow({ kind: 'sign-checkpoint' })
  @Mutation(() => CheckpointType, { description: 'Signs a checkpoint of everything recorded so far' })
  async signCheckpoint(): Promise<CheckpointType> {
    if (!this.config.notarySigns)
      throw new InputRejected([
        { field: 'signCheckpoint', rule: 'this instance does not sign (LEDGER_NOTARY_SIGNS=false): ask the instance that does' },
      ]);
    return checkpointToGraphql(await this.notary.checkpoint());
  }

  @Allow({ kind: 'notary' })
  @Query(() => InclusionProofType)
  async inclusionProof(@Args() args: InclusionProofArgs): Promise<InclusionProofType> {
    await this.notary.catchUp();
    const proof = asInput(() => this.notary.inclusionProof(args.eventId, args.treeSize ?? undefined));
    return {
      ...proof,
      leafHash: proof.leafHash.toString('base64'),
      rootHash: proof.rootHash.toString('base64'),
      proof: proof.proof.map((h) => h.toString('base64')),
    };
  }

  @Allow({ kind: 'notary' })
  @Query(() => ConsistencyProofType)
  async consistencyProof(
    @Args('from', { type: () => Int }) from: number,
    @Args('to', { type: () => Int }) to: number,
  ): Promise<ConsistencyProofType> {
    await this.notary.catchUp();
    const proof = asInput(() => this.notary.consistencyProof(from, to));
    return {
      ...proof,
      fromRoot: proof.fromRoot.toString('base64'),
      toRoot: proof.toRoot.toString('base64'),
      proof: proof.proof.map((h) => h.toString('base64')),
    };
  }

  @Allow({ kind: 'audit' })
  @Query(() => [LearntEntryType], { description: 'What was learnt about a business date between two moments' })
  async knowledgeDiff(@Args() args: KnowledgeDiffArgs): Promise<LearntEntryType[]> {
    const knownAt = new Date(args.knownAt).toISOString();
    const vs = new Date(args.vs).toISOString();
    return knowledgeDiff(await this.reader.authorityEvents(args.laCode, vs), args.laCode, args.asOf, knownAt, vs, {
      lateAfterDays: args.lateAfterDays ?? undefined,
    });
  }

  @Allow({ kind: 'audit' })
  @Query(() => [LearntEntryType], { description: 'What was entered or corrected in a window, and by whom' })
  async changesRecorded(@Args() args: ChangesRecordedArgs): Promise<LearntEntryType[]> {
    const from = new Date(args.from).toISOString();
    const to = new Date(args.to).toISOString();
    // Whole streams, not only the window: a council's plan created before it is known to be the council's only from
    // its PlanCreated, and a correction is told in words only from the event it corrects.
    const events = args.laCode ? await this.reader.authorityEvents(args.laCode, to) : await this.reader.streamsRecordedBetween(from, to);
    return changesRecorded(events, from, to, args.laCode, { lateAfterDays: args.lateAfterDays ?? undefined });
  }

  @Allow({ kind: 'audit' })
  @Query(() => GraphQLJSON, { description: 'The authority, its plans and its timeline at one cut, as `ledger replay --json` prints it' })
  async authorityReport(@Args() args: AuthorityReportArgs): Promise<unknown> {
    const cut = await this.reader.resolveCut(args.knownAt, args.asOf);
    const report = authorityReport(await this.reader.authorityEvents(args.laCode, cut.knownAt), args.laCode, {
      knownAt: cut.knownAt,
      asOf: args.asOf,
    });
    if (!report) throw new NotFound(`authority ${args.laCode}`);
    return report;
  }
}
