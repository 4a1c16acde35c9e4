import { currentSchemaVersion } from '@plan-ledger/domain';
import type { JsonObject } from '@plan-ledger/event-store';

export const REGISTERED: JsonObject = { laCode: '885', name: 'Worcestershire', region: 'West Midlands', onsCode: 'E10000034' };

export const INSPECTION_2016: JsonObject = {
  inspectionId: 'sif-2016',
  framework: 'SIF',
  kind: 'standard',
  inspectors: [{ name: 'Lead Inspector', lead: true }],
  judgements: [{ area: 'children in care', judgement: 'inadequate' }],
  overall: 'inadequate',
};

export function planCreated(planId: string, extra: JsonObject = {}): JsonObject {
  return { planId, laCode: '885', title: `Plan ${planId}`, kind: 'improvement plan', ...extra };
}

/**
 * An event's metadata: occurred on `from` (a day, or a month as YYYY-MM), recorded by a tester, at its type's current
 * schema version (ProgressGraded is v2, `grade`: at v1 its data would be set aside as unreadable).
 */
export function recordedOn(from: string, type = 'PlanCreated') {
  return {
    occurredAt: { from, precision: from.length === 7 ? ('month' as const) : ('day' as const) },
    actor: { id: 'tester', role: 'editor' },
    schemaVersion: currentSchemaVersion(type),
  };
}

/** The n-th event's id: a valid UUID that names its place. */
export const eventIdOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
