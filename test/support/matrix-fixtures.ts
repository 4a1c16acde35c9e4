import { LOCAL_AUTHORITIES } from '@plan-ledger/domain';
import { FOCUSED_VISIT_LETTER } from '../../libs/ofsted-import/test/sample-documents';
import { grantToken } from './access';
import { registerWorcestershire } from './council';
import { graphql } from './graphql';

/**
 * The world the access matrix (test/access-matrix.e2e-spec.ts) is checked in: two councils, each with an inspection,
 * a monitoring visit, its findings and a plan with a priority, an action and an indicator, recorded by the local user;
 * and an API token for every role. Each call the matrix makes gets fresh ids (or a target made for it alone by the
 * local user), so that the calls may run in any order.
 */

/** The roles, written out here rather than read from the domain, so that the matrix is checked, not copied. */
export const MATRIX_ROLES = ['viewer', 'editor', 'board', 'commissioner', 'inspection-data', 'auditor', 'admin'] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];
export const COUNCIL_ROLES: readonly MatrixRole[] = ['viewer', 'editor', 'board', 'commissioner'];

/** The council the council roles hold for, and another one. */
export type Side = 'own' | 'other';
export const SIDES: readonly Side[] = ['own', 'other'];
export const COUNCIL: Record<Side, string> = { own: '885', other: '344' };
export const COUNCIL_NAME: Record<Side, string> = { own: 'Worcestershire', other: 'Wirral' };
export const PLAN: Record<Side, string> = { own: 'matrix-worcestershire', other: 'matrix-wirral' };
export const BASE = {
  inspection: 'matrix-sif',
  visit: 'matrix-mv-1',
  priority: 'matrix-priority',
  action: 'matrix-action',
  indicator: 'matrix-cp',
};

export const day = (from: string) => ({ from, precision: 'day' });
export const WHEN = day('2018-03-14');

export const RECORD_SELECTION = 'streamId revision events { eventId type actor { id role displayName council } }';

export interface MatrixToken {
  readonly token: string;
  readonly subject: string;
  readonly displayName: string;
}

export interface MatrixWorld {
  readonly baseUrl: string;
  readonly tokens: Record<MatrixRole, MatrixToken>;
  /** The AuthorityRegistered event of each side's council, for the proofs. */
  readonly registered: Record<Side, string>;
}

let counter = 0;
/** A new id, never used before in this run. */
export function fresh(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A month no monitoring visit follows yet: visits are numbered per judgement they follow. */
export function freshMonth(): string {
  counter += 1;
  return `${2000 + Math.floor(counter / 12)}-${String((counter % 12) + 1).padStart(2, '0')}`;
}

/** Councils of the national register the matrix registers afresh (as an admin may, and nobody else). */
export function unregisteredCouncil(index: number): { laCode: string; name: string; region: string; onsCode?: string } {
  const { laCode, name, region, onsCode } = LOCAL_AUTHORITIES.filter((entry) => !['885', '344', '201'].includes(entry.laCode))[index];
  return { laCode, name, region, ...(onsCode ? { onsCode } : {}) };
}

/** A focused-visit letter about the side's council, its fieldwork on the `fieldworkDay` of March 2021 and the next. */
export function letter(side: Side, fieldworkDay: number): string {
  return FOCUSED_VISIT_LETTER.replaceAll('North East Lincolnshire', COUNCIL_NAME[side]).replaceAll(
    '2 and 3 March 2021',
    `${fieldworkDay} and ${fieldworkDay + 1} March 2021`,
  );
}

/** As the local user (local mode, no token: every role), and it must work: setting the scene, not under test. */
export async function asLocal<T = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await graphql<T>(baseUrl, query, variables);
  if (response.errors || !response.data) throw new Error(`the local user could not set the scene: ${response.raw}`);
  return response.data;
}

/** Records a command as the local user; answers the id of the (first) event recorded. */
export async function recordAsLocal(baseUrl: string, field: string, inputType: string, input: Record<string, unknown>): Promise<string> {
  const data = await asLocal<Record<string, { events: { eventId: string }[] }>>(
    baseUrl,
    `mutation ($input: ${inputType}!) { ${field}(input: $input) { events { eventId } } }`,
    { input },
  );
  return data[field].events[0].eventId;
}

/**
 * What a refused call must leave as it was: the stream's events (for the access stream, every grant as it stands) and
 * the head of the whole log, read as the local user.
 */
export async function streamState(baseUrl: string, streamId: string): Promise<{ stream: string; head: string }> {
  const head = async () =>
    (
      await asLocal<{ history: { cut: { headPosition: string } } }>(
        baseUrl,
        `{ history(streamId: "authority-${COUNCIL.own}", first: 1) { cut { headPosition } } }`,
      )
    ).history.cut.headPosition;
  if (streamId === 'access') {
    const { accessGrants } = await asLocal<{ accessGrants: unknown[] }>(
      baseUrl,
      '{ accessGrants { grantId subject role councils status } }',
    );
    return { stream: JSON.stringify(accessGrants), head: await head() };
  }
  const response = await graphql<{ history: { totalCount: number; cut: { headPosition: string } } }>(
    baseUrl,
    'query ($streamId: String!) { history(streamId: $streamId, first: 1) { totalCount cut { headPosition } } }',
    { streamId },
  );
  // A stream nobody has written to yet (a council not registered, a plan not created) is not found: no events.
  if (response.errors?.[0]?.extensions?.code === 'NOT_FOUND') return { stream: `${streamId}: no events`, head: await head() };
  if (!response.data) throw new Error(`the local user could not read ${streamId}: ${response.raw}`);
  return { stream: `${streamId}: ${response.data.history.totalCount} events`, head: response.data.history.cut.headPosition };
}

/** A grant as accessGrants lists it, read as the local user: once for each way it has stood (a change lists it again). */
export async function grantNow(
  baseUrl: string,
  grantId: string,
): Promise<{ role: string; status: string; grantedBy: Record<string, unknown> }[]> {
  const { accessGrants } = await asLocal<{
    accessGrants: { grantId: string; role: string; status: string; grantedBy: Record<string, unknown> }[];
  }>(baseUrl, '{ accessGrants { grantId role status grantedBy { id role displayName council } } }');
  return accessGrants.filter((grant) => grant.grantId === grantId);
}

export async function buildWorld(baseUrl: string): Promise<MatrixWorld> {
  await registerWorcestershire(baseUrl);
  await recordAsLocal(baseUrl, 'registerAuthority', 'RegisterAuthorityInput', {
    laCode: '344',
    name: 'Wirral',
    region: 'North West',
    onsCode: 'E08000015',
    occurredAt: { from: '2016-09', precision: 'month' },
  });
  const registered = {} as Record<Side, string>;
  for (const side of SIDES) {
    const laCode = COUNCIL[side];
    const planId = PLAN[side];
    const history = await asLocal<{ history: { edges: { node: { eventId: string } }[] } }>(
      baseUrl,
      'query ($streamId: String!) { history(streamId: $streamId) { edges { node { eventId } } } }',
      { streamId: `authority-${laCode}` },
    );
    registered[side] = history.history.edges[0].node.eventId;
    await recordAsLocal(baseUrl, 'recordInspection', 'RecordInspectionInput', {
      laCode,
      inspectionId: BASE.inspection,
      framework: 'SIF',
      kind: 'standard',
      fieldwork: { start: '2016-10-24', end: '2016-11-17' },
      inspectors: [],
      judgements: [{ area: 'children who need help and protection', judgement: 'inadequate' }],
      overall: 'inadequate',
      occurredAt: { from: '2016-10-24', to: '2016-11-17', precision: 'day' },
    });
    await recordAsLocal(baseUrl, 'logMonitoringVisit', 'LogMonitoringVisitInput', {
      laCode,
      visitId: BASE.visit,
      number: 1,
      follows: BASE.inspection,
      fieldwork: { start: '2017-05-09', end: '2017-05-10' },
      inspectors: [{ name: 'Ann Example', lead: true }],
      areasCovered: ['the front door'],
      occurredAt: { from: '2017-05-09', to: '2017-05-10', precision: 'day' },
    });
    await recordAsLocal(baseUrl, 'recordFindings', 'RecordFindingsInput', {
      laCode,
      findingsId: 'matrix-mv-1-findings',
      regarding: BASE.visit,
      whatNeedsToImprove: ['the timeliness of assessments'],
      occurredAt: day('2017-06-01'),
    });
    await recordAsLocal(baseUrl, 'createPlan', 'CreatePlanInput', {
      planId,
      laCode,
      title: `${COUNCIL_NAME[side]} improvement plan`,
      kind: 'improvement plan',
      respondsTo: BASE.inspection,
      occurredAt: day('2017-06-01'),
    });
    await recordAsLocal(baseUrl, 'setPriority', 'SetPriorityInput', {
      planId,
      priorityId: BASE.priority,
      title: 'The front door',
      occurredAt: day('2017-06-01'),
    });
    await recordAsLocal(baseUrl, 'addAction', 'AddActionInput', {
      planId,
      actionId: BASE.action,
      priorityId: BASE.priority,
      title: 'Triage within a day',
      owner: 'Head of the front door',
      due: '2018-01-31',
      occurredAt: day('2017-06-01'),
    });
    await recordAsLocal(baseUrl, 'defineIndicator', 'DefineIndicatorInput', {
      planId,
      indicatorId: BASE.indicator,
      name: 'Children on child protection plans',
      unit: 'count',
      occurredAt: day('2017-06-01'),
    });
    await recordAsLocal(baseUrl, 'measureIndicator', 'MeasureIndicatorInput', {
      planId,
      indicatorId: BASE.indicator,
      value: 253,
      at: '2018-03-31',
      occurredAt: day('2018-03-31'),
    });
  }
  const tokens = {} as Record<MatrixRole, MatrixToken>;
  for (const role of MATRIX_ROLES) {
    const displayName = `Matrix ${role}`;
    const granted = await grantToken(baseUrl, role, COUNCIL_ROLES.includes(role) ? [COUNCIL.own] : undefined, { displayName });
    tokens[role] = { token: granted.token, subject: granted.subject, displayName };
  }
  return { baseUrl, tokens, registered };
}
