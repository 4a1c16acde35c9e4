import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { Checkpoint, ConsistencyProof, InclusionProof } from '@plan-ledger/notary';
import type { LearntEntry } from '@plan-ledger/projections';
import { ActorType, BusinessTimeType } from './ledger-types';
import type { NoFieldsBeyond } from './presents';

// 64-bit size and hash bytes travel as strings; the origin is not presented (it heads the signed note).
@ObjectType('Checkpoint', { description: 'A signed C2SP tlog-checkpoint: the log had `size` events with this root at this time.' })
export class CheckpointType implements Omit<Checkpoint, 'origin' | 'size' | 'rootHash'> {
  @Field() size!: string;
  @Field({ description: 'base64' }) rootHash!: string;
  @Field() time!: string;
  @Field({ description: 'The signed note exactly as signed: minute it, then check it later with `ledger verify --checkpoint`' })
  note!: string;
}

// Hashes travel as base64 strings.
@ObjectType('InclusionProof')
export class InclusionProofType implements Omit<InclusionProof, 'leafHash' | 'rootHash' | 'proof'> {
  @Field() eventId!: string;
  @Field(() => Int) leafIndex!: number;
  @Field(() => Int) treeSize!: number;
  @Field({ description: 'base64' }) leafHash!: string;
  @Field({ description: 'base64' }) rootHash!: string;
  @Field(() => [String], { description: 'base64 hashes, RFC 6962 order' }) proof!: readonly string[];
}

// Hashes travel as base64 strings.
@ObjectType('ConsistencyProof')
export class ConsistencyProofType implements Omit<ConsistencyProof, 'fromRoot' | 'toRoot' | 'proof'> {
  @Field(() => Int) from!: number;
  @Field(() => Int) to!: number;
  @Field() fromRoot!: string;
  @Field() toRoot!: string;
  @Field(() => [String]) proof!: readonly string[];
}

@ObjectType('LearntEntry', {
  description: 'Something recorded in a window: an entry (on time or late), a correction, or a retraction, and who recorded it.',
})
export class LearntEntryType implements LearntEntry {
  @Field(() => String, {
    description: "'entry', 'recorded late' (more than lateAfterDays after it happened), 'correction' or 'retraction'",
  })
  kind!: LearntEntry['kind'];
  @Field() eventId!: string;
  @Field() streamId!: string;
  @Field() type!: string;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
  @Field() recordedAt!: string;
  @Field(() => ActorType) actor!: ActorType;
  @Field(() => String, { nullable: true }) names!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'For an entry: whole days from the last day it can have happened to the day it was recorded',
  })
  daysLate!: number | null;
  @Field({ description: "What changed, in the domain's words, with who recorded it, when and why" }) words!: string;
}

@ObjectType('NotaryStatus')
export class NotaryStatusType {
  @Field({ description: 'The verifier key: pin it, e.g. in the board minutes' }) publicKey!: string;
  @Field(() => Int) treeSize!: number;
  @Field(() => [String], { description: 'What the notary found wrong with the log; empty while sound' }) alarms!: readonly string[];
}

type _Checked = [
  NoFieldsBeyond<Checkpoint, CheckpointType>,
  NoFieldsBeyond<InclusionProof, InclusionProofType>,
  NoFieldsBeyond<ConsistencyProof, ConsistencyProofType>,
  NoFieldsBeyond<LearntEntry, LearntEntryType>,
];
