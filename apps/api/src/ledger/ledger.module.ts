import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { StreamHistory, type EventStore } from '@plan-ledger/event-store';
import { EVENT_STORE } from '../event-store/event-store.tokens';
import { LEDGER_QUERY_HANDLERS } from '../queries/ledger-query.handlers';
import { PORTFOLIO_QUERY_HANDLERS } from '../queries/portfolio-queries';
import { ReadModelService } from '../read-models/read-model.service';
import { LedgerReader } from './ledger-reader';
import { RecordCommandHandler } from './record-command.handler';
import { StreamWarmer } from './stream-warmer';
import { WriteStates } from './write-states';

/** The command and query sides over the event store, without any transport: used by GraphQL and by the seed. */
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    // One for the commands and the read model: a plan the model re-folds after a command is not read from the store twice.
    { provide: StreamHistory, useFactory: (store: EventStore) => new StreamHistory(store), inject: [EVENT_STORE] },
    {
      provide: WriteStates,
      useFactory: (store: EventStore, streams: StreamHistory) => new WriteStates(store, streams),
      inject: [EVENT_STORE, StreamHistory],
    },
    LedgerReader,
    ReadModelService,
    RecordCommandHandler,
    StreamWarmer,
    ...LEDGER_QUERY_HANDLERS,
    ...PORTFOLIO_QUERY_HANDLERS,
  ],
  exports: [CqrsModule, LedgerReader, ReadModelService, StreamWarmer],
})
export class LedgerModule {}
