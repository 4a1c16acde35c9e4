import type { RecordedEvent } from '@plan-ledger/event-store';

/** What a subscriber is told of one event: where it is in the log and whose it is, never its data. */
export interface LedgerChange {
  readonly kind: 'council' | 'plan';
  /** The council the change is about; for a plan, the council its creation names now. */
  readonly laCode: string;
  /**
   * Every council whose readers may see it: a plan moved by correction stays the business of each council it has
   * belonged to (plan-councils.ts), so its changes go to all of them.
   */
  readonly councils: readonly string[];
  readonly planId: string | null;
  readonly streamId: string;
  readonly type: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly recordedAt: string;
}

export const AUTHORITY_PREFIX = 'authority-';
export const PLAN_PREFIX = 'plan-';

/** The events that make a council's `visitRecorded` and `inspectionRecorded` fire. */
export const VISIT_TYPES: ReadonlySet<string> = new Set(['MonitoringVisitLogged', 'FocusedVisitLogged']);
export const INSPECTION_TYPES: ReadonlySet<string> = new Set(['InspectionRecorded']);

/** Events after which a plan's councils are read again from its stream: they can name or move its council. */
export const PLAN_COUNCIL_EVENTS: ReadonlySet<string> = new Set(['PlanCreated', 'EventCorrected', 'EventRetracted']);

/**
 * The change an event makes, given the councils of its plan (for a plan stream); undefined for any other stream
 * (access grants, the notary's checkpoints, leases), which no subscription reports.
 */
export function changeOf(event: RecordedEvent, planCouncils: readonly string[] = []): LedgerChange | undefined {
  const common = {
    streamId: event.streamId,
    type: event.type,
    revision: event.revision,
    position: event.position,
    recordedAt: event.recordedAt,
  };
  if (event.streamId.startsWith(AUTHORITY_PREFIX)) {
    const laCode = event.streamId.slice(AUTHORITY_PREFIX.length);
    return { kind: 'council', laCode, councils: [laCode], planId: null, ...common };
  }
  if (event.streamId.startsWith(PLAN_PREFIX)) {
    // A plan whose council cannot be told (its stream unreadable) goes only to those who may read every council.
    return {
      kind: 'plan',
      laCode: planCouncils[0] ?? '',
      councils: planCouncils,
      planId: event.streamId.slice(PLAN_PREFIX.length),
      ...common,
    };
  }
  return undefined;
}

/** Whether a subscriber whose roles let it read `readable` may be told of the change. */
export function mayRead(readable: 'all' | ReadonlySet<string>, change: LedgerChange): boolean {
  return readable === 'all' || change.councils.some((code) => readable.has(code));
}
