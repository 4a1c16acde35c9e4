import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { formatGraphqlErrors } from '../errors/graphql-error-formatter';
import { LedgerModule } from '../ledger/ledger.module';
import { AuditorResolver } from './auditor.resolver';
import { AuthorityEdgeResolver } from './authority-edge.resolver';
import { CommandRecorder } from './command-recorder';
import { GraphiqlController } from './graphiql.controller';
import { ImportResolver } from './import.resolver';
import { MutationsResolver } from './mutations.resolver';
import { QueriesResolver } from './queries.resolver';

/** GraphQL at /graphql (code-first, Mercurius on Fastify), over the command and query buses. */
@Module({})
export class GraphqlApiModule {
  static forRoot(options: { graphiql: boolean }) {
    return {
      module: GraphqlApiModule,
      imports: [
        LedgerModule,
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          autoSchemaFile: true,
          sortSchema: true,
          // Mercurius's own GraphiQL loads React and its bundle from a CDN; GraphiqlController serves them itself.
          graphiql: false,
          path: '/graphql',
          errorFormatter: formatGraphqlErrors as MercuriusDriverConfig['errorFormatter'],
        }),
      ],
      controllers: options.graphiql ? [GraphiqlController] : [],
      providers: [CommandRecorder, MutationsResolver, QueriesResolver, AuthorityEdgeResolver, AuditorResolver, ImportResolver],
    };
  }
}
