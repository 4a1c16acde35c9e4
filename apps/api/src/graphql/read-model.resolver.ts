import { Field, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { authorise } from '@plan-ledger/domain';
import { Allow, ChecksAccessItself } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal';
import type { Principal } from '../access/principal';
import { Forbidden } from '../errors/access-errors';
import { ReadModelService } from '../read-models/read-model.service';

@ObjectType('ReadModelRebuilt')
class ReadModelRebuiltType {
  @Field({ description: 'The log position the new model had folded when it was swapped in' }) position!: string;
  @Field({ description: 'SHA-256 of the new model at that position (as projections verify computes it)' }) hash!: string;
  @Field(() => Int) milliseconds!: number;
}

@ObjectType('ReadModelVerified')
class ReadModelVerifiedType {
  @Field({ description: 'The live model position compared at' }) position!: string;
  @Field() liveHash!: string;
  @Field({ description: 'The hash of a model folded from the log from scratch to the same position' }) foldedHash!: string;
  @Field() equal!: boolean;
  @Field(() => Int) eventsFolded!: number;
}

/** The read model's upkeep: built again while the service answers, and checked against a fold from scratch. */
@Resolver()
export class ReadModelResolver {
  constructor(private readonly models: ReadModelService) {}

  @Allow({ kind: 'sign-checkpoint' })
  @Mutation(() => ReadModelRebuiltType, {
    description: 'Builds the read model again from the log while the old one answers, then swaps it in (admin)',
  })
  async rebuildReadModel(): Promise<ReadModelRebuiltType> {
    const { position, hash, milliseconds } = await this.models.rebuild();
    return { position: position.toString(), hash, milliseconds };
  }

  @ChecksAccessItself('auditors and admins')
  @Mutation(() => ReadModelVerifiedType, {
    description: 'Folds the log from scratch to the live read model position and compares the two hashes (auditor or admin)',
  })
  async verifyReadModel(@CurrentPrincipal() principal: Principal): Promise<ReadModelVerifiedType> {
    const asAuditor = authorise(principal.roles, { kind: 'audit' });
    if (!asAuditor.allowed && !authorise(principal.roles, { kind: 'sign-checkpoint' }).allowed)
      throw new Forbidden(`to verify the read model needs auditor or admin (${asAuditor.missing.replace(/^.*\(holds /, 'holds ')}`);
    const { position, liveHash, foldedHash, eventsFolded } = await this.models.verify();
    return { position: position.toString(), liveHash, foldedHash, equal: liveHash === foldedHash, eventsFolded };
  }
}
