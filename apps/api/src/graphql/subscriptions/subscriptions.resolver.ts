import { InputRejected } from '../../errors/input-rejected';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Args, GqlExecutionContext, Resolver, Subscription } from '@nestjs/graphql';
import { authorise, readableCouncils, type RoleGrant } from '@plan-ledger/domain';
import type { FastifyRequest } from 'fastify';
import { AccessDirectory } from '../../access/access-directory';
import { ChecksAccessItself } from '../../access/access-rule';
import { NO_CREDENTIALS } from '../../access/authentication-hooks';
import type { Principal } from '../../access/principal';
import { principalOf } from '../../access/request-principal';
import type { ChangeQueue } from './change-queue';
import { INSPECTION_TYPES, VISIT_TYPES, mayRead, type LedgerChange } from './ledger-change';
import { LedgerChangeFeed } from './ledger-change-feed';
import type { ConnectionIdentity } from './subscription-gate';
import { SubscriptionForbidden, SubscriptionUnauthenticated } from './subscription-errors';
import { LedgerChangeType } from './subscription-types';

/** A subscription's GraphQL context, as Mercurius builds it for a WebSocket connection. */
interface SubscriptionContext extends ConnectionIdentity {
  /** The upgrade request, which the authentication hooks identified. */
  readonly request: FastifyRequest;
}

/**
 * Who the subscription acts for: the connection's token (connectionParams) if it sent one, else whoever the upgrade
 * request was. A parameter decorator rather than the whole context, which the global validation pipe would walk.
 */
const Subscriber = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const connection = GqlExecutionContext.create(context).getContext<SubscriptionContext>();
  return connection.ledgerSubscriber ?? principalOf(connection.request);
});

const SCOPED = 'a subscriber is told only of the councils its roles may read, and refused a council it names but may not read';

/** A subscription sent over plain HTTP is executed once, with no change to resolve: the client's to fix, said so. */
function overWebSocketOnly(change: LedgerChange | undefined): LedgerChange {
  if (change && typeof change === 'object' && Array.isArray(change.councils)) return change;
  throw new InputRejected([
    { field: 'subscription', rule: 'is answered over WebSocket (graphql-transport-ws or graphql-ws) at /graphql, not over HTTP' },
  ]);
}

const toGraphql = (received: LedgerChange): LedgerChangeType => {
  const change = overWebSocketOnly(received);
  return {
    laCode: change.laCode,
    councils: [...change.councils],
    planId: change.planId,
    streamId: change.streamId,
    type: change.type,
    revision: change.revision.toString(),
    position: change.position.toString(),
    recordedAt: change.recordedAt,
  };
};

/** Changes to the log as they are recorded, over GraphQL on WebSocket, each subscriber scoped like its queries. */
@Resolver()
export class SubscriptionsResolver {
  constructor(
    private readonly feed: LedgerChangeFeed,
    private readonly directory: AccessDirectory,
  ) {}

  @ChecksAccessItself(SCOPED)
  @Subscription(() => LedgerChangeType, {
    description: "Any event recorded on a council's own stream (its register entry, inspections, visits, corrections)",
    resolve: toGraphql,
  })
  councilChanged(
    @Args('laCode', { type: () => String, nullable: true }) laCode: string | null | undefined,
    @Subscriber() principal: Principal,
  ): Promise<ChangeQueue> {
    return this.open(principal, laCode, (change) => change.kind === 'council' && matches(laCode, change));
  }

  @ChecksAccessItself(SCOPED)
  @Subscription(() => LedgerChangeType, {
    description: 'Any event recorded on a plan (grades, actions, board meetings, corrections), by plan or by council',
    resolve: toGraphql,
  })
  planChanged(
    @Args('planId', { type: () => String, nullable: true }) planId: string | null | undefined,
    @Args('laCode', { type: () => String, nullable: true }) laCode: string | null | undefined,
    @Subscriber() principal: Principal,
  ): Promise<ChangeQueue> {
    return this.open(
      principal,
      laCode,
      (change) => change.kind === 'plan' && (planId == null || change.planId === planId) && matches(laCode, change),
    );
  }

  @ChecksAccessItself(SCOPED)
  @Subscription(() => LedgerChangeType, { description: 'A monitoring or focused visit logged', resolve: toGraphql })
  visitRecorded(
    @Args('laCode', { type: () => String, nullable: true }) laCode: string | null | undefined,
    @Subscriber() principal: Principal,
  ): Promise<ChangeQueue> {
    return this.open(principal, laCode, (change) => change.kind === 'council' && VISIT_TYPES.has(change.type) && matches(laCode, change));
  }

  @ChecksAccessItself(SCOPED)
  @Subscription(() => LedgerChangeType, { description: 'An inspection judgement recorded', resolve: toGraphql })
  inspectionRecorded(
    @Args('laCode', { type: () => String, nullable: true }) laCode: string | null | undefined,
    @Subscriber() principal: Principal,
  ): Promise<ChangeQueue> {
    return this.open(
      principal,
      laCode,
      (change) => change.kind === 'council' && INSPECTION_TYPES.has(change.type) && matches(laCode, change),
    );
  }

  private open(principal: Principal, laCode: string | null | undefined, wants: (change: LedgerChange) => boolean): Promise<ChangeQueue> {
    if (principal.kind === 'anonymous') throw new SubscriptionUnauthenticated(NO_CREDENTIALS);
    if (principal.roles.length === 0)
      throw new SubscriptionUnauthenticated(`${principal.id} holds no role: an admin grants one (grantAccess)`);
    if (laCode != null) {
      const decision = authorise(principal.roles, { kind: 'read' }, laCode);
      if (!decision.allowed) throw new SubscriptionForbidden(decision.missing);
    }
    const readable = this.readableBy(principal);
    return this.feed.open(principal.id, (change) => wants(change) && mayRead(readable(), change));
  }

  /**
   * The councils the principal may read as each change comes, not only as it subscribed: a grant revoked while it
   * listens counts as it does for queries (at once through this service; within the access directory's freshness,
   * ACCESS_STALE_MS, when another process revoked it, the last roles read being used meanwhile).
   */
  private readableBy(principal: Principal): () => ReturnType<typeof readableCouncils> {
    let readable = readableCouncils(principal.roles);
    // The local user's and the system's roles are not grants: they hold every role while the service runs.
    if (principal.kind !== 'oidc' && principal.kind !== 'token') return () => readable;
    const update = (roles: readonly RoleGrant[]) => (readable = readableCouncils(roles));
    return () => {
      const held = this.directory.rolesOf(principal.id);
      if (held instanceof Promise) void held.then(({ roles }) => update(roles)).catch(() => undefined);
      else update(held.roles);
      return readable;
    };
  }
}

function matches(laCode: string | null | undefined, change: LedgerChange): boolean {
  return laCode == null || change.councils.includes(laCode);
}
