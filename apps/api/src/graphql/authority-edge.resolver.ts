import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ChecksAccessItself } from '../access/access-rule';
import { AuthorityEdgeType, AuthorityType } from './types/authority-types';

/**
 * An edge's node is its own field, so a council whose streams cannot be folded fails only there: the answer keeps
 * every other council, and the error (STREAM_UNREADABLE, naming the stream) has the path of that one node.
 */
@Resolver(() => AuthorityEdgeType)
export class AuthorityEdgeResolver {
  @ChecksAccessItself('authorities lists only the councils the asker may read')
  @ResolveField(() => AuthorityType, { nullable: true })
  node(@Parent() edge: AuthorityEdgeType): AuthorityType | null {
    if (edge.failure) throw edge.failure;
    return edge.node;
  }
}
