import type { DecisionContext, DomainErrorCode, DomainEvent, HistoryEvent, StreamDefinition } from '@plan-ledger/domain';
import { DomainRuleViolation, decideOnHistory } from '@plan-ledger/domain';

/** The day these specs record on, unless a scenario says otherwise. */
export const RECORDED_ON = '2026-11-24';

type Past<E extends DomainEvent> = E | (E & { readonly eventId: string; readonly recordedAt?: string });

/**
 * given (events already in the stream) / when (a command, as raw input) / then (the events it causes, or the
 * refusal). The command goes the way every write path goes: the stream's parse, then decide on the effective
 * history, so a spec exercises exactly what GraphQL, the importer and the seed do.
 */
export function given<Ctx extends DecisionContext, E extends DomainEvent>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any stream's state
  stream: StreamDefinition<string, { readonly type: string }, E, any, Ctx>,
  history: readonly Past<E>[],
  context?: Omit<Ctx, 'recordedOn'> & { recordedOn?: string },
) {
  const past: HistoryEvent[] = history.map((event, i) => ({ eventId: `e${i + 1}`, ...event }));
  const ctx = { recordedOn: RECORDED_ON, ...context } as Ctx;
  return {
    when(command: unknown) {
      const attempt = () => decideOnHistory(stream, stream.parse(command, ctx), past, ctx);
      return {
        then(expected: readonly DomainEvent[]): void {
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
