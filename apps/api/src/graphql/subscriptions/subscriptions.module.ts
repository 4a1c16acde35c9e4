import { Module } from '@nestjs/common';
import { LedgerChangeFeed } from './ledger-change-feed';
import { SubscriptionGate } from './subscription-gate';
import { SubscriptionsResolver } from './subscriptions.resolver';

/** GraphQL subscriptions: the live feed of the log, the gate on WebSocket connections, and the Subscription fields. */
@Module({
  providers: [LedgerChangeFeed, SubscriptionGate, SubscriptionsResolver],
  exports: [SubscriptionGate],
})
export class SubscriptionsModule {}
