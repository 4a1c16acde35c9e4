import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { EdgeConfig } from '../config/ledger-config';
import { graphqlErrorHandler } from '../edge/graphql-error-handler';
import { queryLimitsRule } from '../edge/graphql-limits';
import { formatGraphqlErrors } from '../errors/graphql-error-formatter';
import { LedgerModule } from '../ledger/ledger.module';
import { AccessResolver } from './access.resolver';
import { AuditorResolver } from './auditor.resolver';
import { AuthorityEdgeResolver } from './authority-edge.resolver';
import { AuthorityPlansResolver } from './authority-plans.resolver';
import { CommandRecorder } from './command-recorder';
import { GraphiqlController } from './graphiql.controller';
import { ImportResolver } from './import.resolver';
import { NotaryResolver } from './notary.resolver';
import { MutationsResolver } from './mutations.resolver';
import { BoardResolver } from './board.resolver';
import { PortfolioResolver } from './portfolio.resolver';
import { ReadModelResolver } from './read-model.resolver';
import { QueriesResolver } from './queries.resolver';
import { SubscriptionGate } from './subscriptions/subscription-gate';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';

export interface GraphqlApiOptions {
  readonly graphiql: boolean;
  readonly introspection: boolean;
  /** The query, body and batching limits; undefined only when the edge is left out (bench/edge.bench.ts). */
  readonly edge?: EdgeConfig;
}

/** GraphQL at /graphql (code-first, Mercurius on Fastify), over the command and query buses. */
@Module({})
export class GraphqlApiModule {
  static forRoot(options: GraphqlApiOptions) {
    const { edge } = options;
    const validationRules = [...(edge ? [queryLimitsRule(edge)] : []), ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
    return {
      module: GraphqlApiModule,
      imports: [
        LedgerModule,
        SubscriptionsModule,
        // Async only so that the subscription gate (which authenticates WebSocket connections) can be injected.
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [SubscriptionsModule],
          inject: [SubscriptionGate],
          useFactory: (gate: SubscriptionGate): MercuriusDriverConfig => ({
            autoSchemaFile: true,
            sortSchema: true,
            // Mercurius's own GraphiQL loads React and its bundle from a CDN; GraphiqlController serves them itself.
            graphiql: false,
            path: '/graphql',
            errorFormatter: formatGraphqlErrors as MercuriusDriverConfig['errorFormatter'],
            // A batch would multiply every per-request limit by its length.
            allowBatchedQueries: false,
            // The access guard runs on field resolvers too (an edge's node), not only on queries and mutations.
            fieldResolverEnhancers: ['guards'],
            validationRules,
            // GraphQL over WebSocket at /graphql (graphql-transport-ws and graphql-ws), held to the same rules.
            subscription: gate.subscriptionOptions(),
            hooks: gate.hooks(validationRules),
            ...(edge && {
              errorHandler: graphqlErrorHandler,
              graphql: { parseOptions: { maxTokens: edge.maxQueryTokens } },
              // The route admits an upload's size; everything but a lone previewImport is held to the body limit by
              // the edge's guard (edge/http-guard.ts) as the body arrives.
              additionalRouteOptions: { bodyLimit: edge.uploadLimitBytes },
            }),
          }),
        }),
      ],
      controllers: options.graphiql ? [GraphiqlController] : [],
      providers: [
        AccessResolver,
        NotaryResolver,
        CommandRecorder,
        MutationsResolver,
        QueriesResolver,
        PortfolioResolver,
        BoardResolver,
        ReadModelResolver,
        AuthorityEdgeResolver,
        AuthorityPlansResolver,
        AuditorResolver,
        ImportResolver,
      ],
    };
  }
}
