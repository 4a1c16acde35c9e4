import type { RecordedEvent } from '@plan-ledger/event-store';

/** Published on the EventBus after each append, for in-process listeners (projections, notifications). */
export class LedgerEventRecorded {
  constructor(readonly event: RecordedEvent) {}
}
