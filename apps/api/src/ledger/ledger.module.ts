import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LEDGER_QUERY_HANDLERS } from '../queries/ledger-query.handlers';
import { PORTFOLIO_QUERY_HANDLERS } from '../queries/portfolio-queries';
import { ReadModelService } from '../read-models/read-model.service';
import { LedgerReader } from './ledger-reader';
import { RecordCommandHandler } from './record-command.handler';

/** The command and query sides over the event store, without any transport: used by GraphQL and by the seed. */
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [LedgerReader, ReadModelService, RecordCommandHandler, ...LEDGER_QUERY_HANDLERS, ...PORTFOLIO_QUERY_HANDLERS],
  exports: [CqrsModule, LedgerReader, ReadModelService],
})
export class LedgerModule {}
