import type { Decider, DomainEvent, DomainErrorCode, StoredDomainEvent } from '@plan-ledger/domain';
import { DomainRuleViolation } from '@plan-ledger/domain';

/** given (events already in the stream) / when (a command) / then (the events it causes, or the refusal). */
export function given<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, history: readonly (E | StoredDomainEvent<E>)[]) {
  const stored = history.map((event, i) => ('eventId' in event ? event : { ...event, eventId: `e${i + 1}` })) as StoredDomainEvent<E>[];
  const state = stored.reduce(decider.evolve, decider.initialState);
  return {
    when(command: C) {
      const attempt = (): E[] => decider.decide(command, state);
      return {
        then(expected: E[]): void {
          expect(attempt()).toEqual(expected);
        },
        thenRefused(code: DomainErrorCode, field: string): void {
          let error: unknown;
          try {
            attempt();
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(DomainRuleViolation);
          expect(error).toMatchObject({ code, field });
        },
      };
    },
  };
}
