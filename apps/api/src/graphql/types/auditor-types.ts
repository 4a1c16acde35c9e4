import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ActorType, BusinessTimeType } from './ledger-types';

@ObjectType('Checkpoint', { description: 'A signed C2SP tlog-checkpoint: the log had `size` events with this root at this time.' })
export class CheckpointType {
  @Field() size!: string;
  @Field({ description: 'base64' }) rootHash!: string;
  @Field() time!: string;
  @Field({ description: 'The signed note exactly as signed: minute it, then check it later with `ledger verify --checkpoint`' })
  note!: string;
}

@ObjectType('InclusionProof')
export class InclusionProofType {
  @Field() eventId!: string;
  @Field(() => Int) leafIndex!: number;
  @Field(() => Int) treeSize!: number;
  @Field({ description: 'base64' }) leafHash!: string;
  @Field({ description: 'base64' }) rootHash!: string;
  @Field(() => [String], { description: 'base64 hashes, RFC 6962 order' }) proof!: string[];
}

@ObjectType('ConsistencyProof')
export class ConsistencyProofType {
  @Field(() => Int) from!: number;
  @Field(() => Int) to!: number;
  @Field() fromRoot!: string;
  @Field() toRoot!: string;
  @Field(() => [String]) proof!: string[];
}

@ObjectType('LearntEntry', { description: 'Something recorded in a window: late, a correction, or a retraction, and who recorded it.' })
export class LearntEntryType {
  @Field() kind!: string;
  @Field() eventId!: string;
  @Field() streamId!: string;
  @Field() type!: string;
  @Field(() => BusinessTimeType) occurredAt!: BusinessTimeType;
  @Field() recordedAt!: string;
  @Field(() => ActorType) actor!: ActorType;
  @Field(() => String, { nullable: true }) names!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType('NotaryStatus')
export class NotaryStatusType {
  @Field({ description: 'The verifier key: pin it, e.g. in the board minutes' }) publicKey!: string;
  @Field(() => Int) treeSize!: number;
  @Field(() => [String], { description: 'What the notary found wrong with the log; empty while sound' }) alarms!: string[];
}
