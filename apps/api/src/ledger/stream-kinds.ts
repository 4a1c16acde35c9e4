import { authorityDecider, authorityStreamId, planDecider, planStreamId, type Decider, type DomainEvent } from '@plan-ledger/domain';

export type StreamKind = 'authority' | 'plan';

/** Each kind of stream: how its id is written and which decider owns it. */
export const STREAM_KINDS: Record<StreamKind, { streamId(key: string): string; decider: Decider<any, DomainEvent, any> }> = {
  authority: { streamId: authorityStreamId, decider: authorityDecider },
  plan: { streamId: planStreamId, decider: planDecider },
};
