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
