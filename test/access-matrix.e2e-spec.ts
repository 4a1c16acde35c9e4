import { createHash } from 'node:crypto';
import { ROLES } from '@plan-ledger/domain';
import { graphql, type GraphqlResponse } from './support/graphql';
import {
  asLocal,
  BASE,
  buildWorld,
  COUNCIL,
  day,
  fresh,
  freshMonth,
  grantNow,
  letter,
  MATRIX_ROLES,
  PLAN,
  RECORD_SELECTION,
  recordAsLocal,
  SIDES,
  streamState,
  unregisteredCouncil,
  WHEN,
  type MatrixRole,
  type MatrixWorld,
  type Side,
} from './support/matrix-fixtures';
import { startApp, type RunningApp } from './support/running-app';

/**
 * Who may do what, over HTTP against the real service: every Query and Mutation of the schema, for every role, on the
 * council the council roles hold (885, "own") and on another (344, "other"). The expectations are written out below,
 * independently of libs/domain/src/access/permissions.ts, so that a change to either that the other does not share
 * fails here. A new field of the schema without a row here fails too. README.md, "Who may do what", is this table.
 */

/** Where a role may do something: on the council it holds (council roles), or on any council (national roles). */
type Scope = 'own' | 'any';
type Who = Partial<Record<MatrixRole, Scope>>;

const EVERYONE: Who = {
  viewer: 'any',
  editor: 'any',
  board: 'any',
  commissioner: 'any',
  'inspection-data': 'any',
  auditor: 'any',
  admin: 'any',
};
const READERS: Who = { viewer: 'own', editor: 'own', board: 'own', commissioner: 'own', 'inspection-data': 'any', auditor: 'any' };
const INSPECTION_DATA: Who = { 'inspection-data': 'any' };
const EDITOR: Who = { editor: 'own' };
const BOARD: Who = { board: 'own' };
const COMMISSIONER: Who = { commissioner: 'own' };
const AUDITOR: Who = { auditor: 'any' };
const ADMIN: Who = { admin: 'any' };

interface Call {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** The stream a refused mutation must leave as it was (with the head of the whole log). */
  readonly stream?: string;
  /** The council the call concerns, when not the side's: named by a refusal, and on an allowed write's actor. */
  readonly council?: string;
}

interface Row {
  readonly field: string;
  readonly variant?: string;
  readonly kind: 'query' | 'mutation';
  readonly who: Who;
  /** The permission is for a council, so a refusal names the council. */
  readonly perCouncil: boolean;
  /** An allowed call's answer is a RecordResult whose events carry the token's actor. */
  readonly records?: boolean;
  /** The refusal an allowed role meets for a reason other than access, where no input can succeed. */
  readonly domainRefusal?: Partial<Record<Side, string>>;
  call(side: Side, role: MatrixRole): Call | Promise<Call>;
  /** More to check of an allowed call's answer: what is wrong, if anything. */
  check?(data: Record<string, unknown>, side: Side, role: MatrixRole): string[] | Promise<string[]>;
}

let running: RunningApp;
let world: MatrixWorld;

const mutationOf = (field: string, inputType: string, selection = RECORD_SELECTION) =>
  `mutation ($input: ${inputType}!) { ${field}(input: $input) { ${selection} } }`;
const roleIndex = (role: MatrixRole) => MATRIX_ROLES.indexOf(role);

type Input = Record<string, unknown>;

function authorityWrite(field: string, inputType: string, who: Who, input: (side: Side, role: MatrixRole) => Input | Promise<Input>): Row {
  return {
    field,
    kind: 'mutation',
    who,
    perCouncil: true,
    records: true,
    call: async (side, role) => ({
      query: mutationOf(field, inputType),
      variables: { input: { laCode: COUNCIL[side], occurredAt: WHEN, ...(await input(side, role)) } },
      stream: `authority-${COUNCIL[side]}`,
    }),
  };
}

function planWrite(
  field: string,
  inputType: string,
  who: Who,
  input: (side: Side, role: MatrixRole) => Input | Promise<Input>,
  variant?: string,
): Row {
  return {
    field,
    variant,
    kind: 'mutation',
    who,
    perCouncil: true,
    records: true,
    call: async (side, role) => {
      const full = { planId: PLAN[side], occurredAt: WHEN, ...(await input(side, role)) };
      return { query: mutationOf(field, inputType), variables: { input: full }, stream: `plan-${String(full.planId)}` };
    },
  };
}

/** A correction of an event the local user records first, for this call alone. */
function correction(
  field: 'correctEvent' | 'retractEvent',
  variant: string,
  who: Who,
  target: (side: Side) => Promise<{ streamId: string; eventId: string }>,
  changes?: Input,
): Row {
  return {
    field,
    variant,
    kind: 'mutation',
    who,
    perCouncil: true,
    records: true,
    call: async (side) => {
      const { streamId, eventId } = await target(side);
      const input = { streamId, eventId, reason: 'entered in error', ...(changes ? { changes } : {}) };
      return {
        query: mutationOf(field, field === 'correctEvent' ? 'CorrectEventInput' : 'RetractEventInput'),
        variables: { input },
        stream: streamId,
      };
    },
  };
}

function readRow(field: string, who: Who, perCouncil: boolean, call: (side: Side) => Call, variant?: string): Row {
  return { field, variant, kind: 'query', who, perCouncil, call };
}

const freshInspection = async (side: Side) => ({
  streamId: `authority-${COUNCIL[side]}`,
  eventId: await recordAsLocal(running.baseUrl, 'recordInspection', 'RecordInspectionInput', {
    laCode: COUNCIL[side],
    inspectionId: fresh('inspection'),
    framework: 'ILACS',
    kind: 'standard',
    inspectors: [],
    judgements: [{ area: 'overall effectiveness', judgement: 'inadequate' }],
    overall: 'inadequate',
    occurredAt: WHEN,
  }),
});

const freshAction = async (side: Side) => {
  const actionId = fresh('action');
  const eventId = await recordAsLocal(running.baseUrl, 'addAction', 'AddActionInput', {
    planId: PLAN[side],
    actionId,
    priorityId: BASE.priority,
    title: 'Audit twenty cases',
    owner: 'Principal social worker',
    due: '2018-06-30',
    occurredAt: WHEN,
  });
  return { streamId: `plan-${PLAN[side]}`, eventId, actionId };
};

const freshBoardGrade = async (side: Side) => ({
  streamId: `plan-${PLAN[side]}`,
  eventId: await recordAsLocal(running.baseUrl, 'gradeProgress', 'GradeProgressInput', {
    planId: PLAN[side],
    target: 'plan',
    grade: 'amber',
    gradedBy: 'board',
    occurredAt: WHEN,
  }),
});

const freshGrant = async (side: Side) =>
  (
    await asLocal<{ grantAccess: { grantId: string } }>(
      running.baseUrl,
      'mutation ($input: GrantAccessInput!) { grantAccess(input: $input) { grantId } }',
      { input: { subject: `oidc:${fresh('person')}`, displayName: 'A person', role: 'viewer', councils: [COUNCIL[side]] } },
    )
  ).grantAccess.grantId;

const GRADE = (gradedBy: string): Input => ({ target: 'plan', grade: 'amber', gradedBy, evidence: 'the minutes' });

/**
 * The matrix. Each row: a field of the schema (a variant where who may use it depends on the input), who may use it
 * and where, and a call that can succeed for an allowed role.
 */
const ROWS: Row[] = [
  // The authority stream: registering councils, and inspection data.
  {
    field: 'registerAuthority',
    kind: 'mutation',
    who: ADMIN,
    perCouncil: true,
    records: true,
    // The own council is registered already: an admin meets CONFLICT there, for that reason alone.
    domainRefusal: { own: 'CONFLICT' },
    call: (side, role) => {
      const council =
        side === 'own'
          ? { laCode: '885', name: 'Worcestershire', region: 'West Midlands', onsCode: 'E10000034' }
          : unregisteredCouncil(roleIndex(role));
      return {
        query: mutationOf('registerAuthority', 'RegisterAuthorityInput'),
        variables: { input: { ...council, occurredAt: WHEN } },
        stream: `authority-${council.laCode}`,
        council: council.laCode,
      };
    },
  },
  authorityWrite('recordInspection', 'RecordInspectionInput', INSPECTION_DATA, () => ({
    inspectionId: fresh('inspection'),
    framework: 'ILACS',
    kind: 'standard',
    inspectors: [{ name: 'Ann Example', lead: true }],
    judgements: [{ area: 'the experiences and progress of children who need help and protection', judgement: 'inadequate' }],
    overall: 'inadequate',
  })),
  authorityWrite('logMonitoringVisit', 'LogMonitoringVisitInput', INSPECTION_DATA, () => ({
    visitId: fresh('visit'),
    number: 1,
    follows: freshMonth(),
    inspectors: [],
    areasCovered: ['thresholds'],
  })),
  authorityWrite('logFocusedVisit', 'LogFocusedVisitInput', INSPECTION_DATA, () => ({
    visitId: fresh('focused'),
    kind: 'focused visit',
    theme: 'care leavers',
    inspectors: [],
    priorityActionsSet: false,
  })),
  authorityWrite('recordFindings', 'RecordFindingsInput', INSPECTION_DATA, () => ({
    findingsId: fresh('findings'),
    regarding: BASE.visit,
    whatNeedsToImprove: ['supervision'],
  })),
  authorityWrite('issueIntervention', 'IssueInterventionInput', INSPECTION_DATA, () => ({
    interventionId: fresh('intervention'),
    kind: 'improvement notice',
  })),
  authorityWrite('liftIntervention', 'LiftInterventionInput', INSPECTION_DATA, async (side) => {
    const interventionId = fresh('intervention');
    await recordAsLocal(running.baseUrl, 'issueIntervention', 'IssueInterventionInput', {
      laCode: COUNCIL[side],
      interventionId,
      kind: 'statutory direction',
      occurredAt: day('2017-01-05'),
    });
    return { interventionId, reason: 'sustained improvement' };
  }),
  authorityWrite('attachSource', 'AttachSourceInput', INSPECTION_DATA, async (side) => {
    const regarding = await recordAsLocal(running.baseUrl, 'logFocusedVisit', 'LogFocusedVisitInput', {
      laCode: COUNCIL[side],
      visitId: fresh('attach-to'),
      kind: 'focused visit',
      theme: 'care leavers',
      inspectors: [],
      priorityActionsSet: false,
      occurredAt: day('2018-03-01'),
    });
    // A document of its own each call: the same document is attached to an entry once.
    return { regarding, document: { title: 'Focused visit letter', sha256: createHash('sha256').update(fresh('letter')).digest('hex') } };
  }),
  authorityWrite('makeAppointment', 'MakeAppointmentInput', INSPECTION_DATA, () => ({
    appointmentId: fresh('appointment'),
    role: 'commissioner',
    name: 'A Commissioner',
  })),
  authorityWrite('publishReview', 'PublishReviewInput', COMMISSIONER, () => ({
    reviewId: fresh('review'),
    title: "Commissioner's review",
  })),

  // Plan streams: the council's editors, boards and commissioners, each their own grades.
  planWrite('createPlan', 'CreatePlanInput', EDITOR, (side) => ({
    planId: fresh('plan'),
    laCode: COUNCIL[side],
    title: 'Priority plan',
    kind: 'priority plan',
  })),
  planWrite('setPriority', 'SetPriorityInput', EDITOR, () => ({ priorityId: fresh('priority'), title: 'Workforce' })),
  planWrite('amendPriority', 'AmendPriorityInput', EDITOR, () => ({
    priorityId: BASE.priority,
    title: fresh('The front door, renamed'),
    reason: 'the board renamed it',
  })),
  planWrite('retirePriority', 'RetirePriorityInput', EDITOR, async (side) => {
    const priorityId = fresh('priority');
    await recordAsLocal(running.baseUrl, 'setPriority', 'SetPriorityInput', {
      planId: PLAN[side],
      priorityId,
      title: 'Short-lived',
      occurredAt: WHEN,
    });
    return { priorityId, reason: 'merged into the front door' };
  }),
  planWrite('addAction', 'AddActionInput', EDITOR, () => ({
    actionId: fresh('action'),
    priorityId: BASE.priority,
    title: 'Recruit four team managers',
    owner: 'Head of workforce',
    due: '2018-09-30',
  })),
  planWrite('amendAction', 'AmendActionInput', EDITOR, () => ({
    actionId: BASE.action,
    owner: fresh('Team manager'),
    reason: 'a new owner',
  })),
  planWrite('closeAction', 'CloseActionInput', EDITOR, async (side) => ({
    actionId: (await freshAction(side)).actionId,
    outcome: 'completed',
  })),
  planWrite('gradeProgress', 'GradeProgressInput', BOARD, () => GRADE('board'), 'gradedBy: board'),
  planWrite('gradeProgress', 'GradeProgressInput', COMMISSIONER, () => GRADE('commissioner'), 'gradedBy: commissioner'),
  planWrite('gradeProgress', 'GradeProgressInput', EDITOR, () => GRADE('council'), 'gradedBy: council'),
  planWrite('gradeProgress', 'GradeProgressInput', INSPECTION_DATA, () => GRADE('inspectors'), 'gradedBy: inspectors'),
  planWrite('defineIndicator', 'DefineIndicatorInput', EDITOR, () => ({
    indicatorId: fresh('indicator'),
    name: 'Caseloads',
    unit: 'count',
  })),
  planWrite('measureIndicator', 'MeasureIndicatorInput', EDITOR, () => ({ indicatorId: BASE.indicator, value: 422, at: '2018-09-05' })),
  planWrite('holdBoardMeeting', 'HoldBoardMeetingInput', BOARD, () => ({ meetingId: fresh('meeting'), chair: 'The chair', decisions: [] })),
  planWrite('closePlan', 'ClosePlanInput', EDITOR, async (side) => {
    const planId = fresh('plan');
    await recordAsLocal(running.baseUrl, 'createPlan', 'CreatePlanInput', {
      planId,
      laCode: COUNCIL[side],
      title: 'Plan to close',
      kind: 'action plan',
      occurredAt: WHEN,
    });
    return { planId, reason: 'superseded by the new plan' };
  }),

  // Corrections need the role that records the event corrected.
  correction('correctEvent', 'of an inspection', INSPECTION_DATA, freshInspection, { overall: 'requires improvement to be good' }),
  correction('retractEvent', 'of an inspection', INSPECTION_DATA, freshInspection),
  correction('correctEvent', 'of a plan action', EDITOR, freshAction, { owner: 'Head of service' }),
  correction('retractEvent', 'of a plan action', EDITOR, freshAction),
  correction('correctEvent', "of the board's grade", BOARD, freshBoardGrade, { grade: 'green' }),
  correction('retractEvent', "of the board's grade", BOARD, freshBoardGrade),

  // Importing Ofsted documents: inspection data, for any council.
  {
    field: 'previewImport',
    kind: 'mutation',
    who: INSPECTION_DATA,
    perCouncil: false,
    call: (side) => ({
      query: 'mutation ($input: PreviewImportInput!) { previewImport(input: $input) { previewId blockers summary } }',
      variables: { input: { fileName: 'focused-visit.txt', text: letter(side, 10) } },
      stream: `authority-${COUNCIL[side]}`,
    }),
    check: (data, side) => {
      const preview = data.previewImport as { blockers: string[]; summary: { la_code: string } };
      return preview.blockers.length === 0 && preview.summary.la_code === COUNCIL[side] ? [] : [`preview ${JSON.stringify(preview)}`];
    },
  },
  {
    field: 'applyImport',
    kind: 'mutation',
    who: INSPECTION_DATA,
    perCouncil: false,
    call: async (side, role) => {
      const { previewImport } = await asLocal<{ previewImport: { previewId: string } }>(
        running.baseUrl,
        'mutation ($input: PreviewImportInput!) { previewImport(input: $input) { previewId } }',
        { input: { fileName: 'focused-visit.txt', text: letter(side, 1 + roleIndex(role)) } },
      );
      return {
        query: 'mutation ($id: String!) { applyImport(previewId: $id) { streamId recorded alreadyRecorded } }',
        variables: { id: previewImport.previewId },
        stream: `authority-${COUNCIL[side]}`,
      };
    },
    check: async (data, side, role) => {
      const applied = data.applyImport as { streamId: string; recorded: number };
      const problems = applied.recorded === 2 ? [] : [`applyImport ${JSON.stringify(applied)}`];
      const { history } = await asLocal<{ history: { totalCount: number } }>(
        running.baseUrl,
        'query ($streamId: String!) { history(streamId: $streamId, first: 1) { totalCount } }',
        { streamId: applied.streamId },
      );
      const last = await asLocal<{ history: { edges: { node: { type: string; actor: Record<string, unknown> } }[] } }>(
        running.baseUrl,
        'query ($streamId: String!, $after: String) { history(streamId: $streamId, after: $after) { edges { node { type actor { id role displayName council } } } } }',
        { streamId: applied.streamId, after: String(history.totalCount - 3) },
      );
      const expected = { id: world.tokens[role].subject, role, displayName: world.tokens[role].displayName, council: COUNCIL[side] };
      for (const { node } of last.history.edges)
        if (JSON.stringify(node.actor) !== JSON.stringify(expected))
          problems.push(`${node.type} recorded by ${JSON.stringify(node.actor)}`);
      return problems;
    },
  },

  // The notary, and access.
  {
    field: 'signCheckpoint',
    kind: 'mutation',
    who: ADMIN,
    perCouncil: false,
    call: () => ({ query: 'mutation { signCheckpoint { size note } }' }),
  },
  {
    field: 'clearNotaryAlarms',
    kind: 'mutation',
    who: ADMIN,
    perCouncil: false,
    // Nothing stands to clear on a sound log: the admin is let through to that refusal.
    domainRefusal: { own: 'BAD_USER_INPUT', other: 'BAD_USER_INPUT' },
    call: () => ({ query: 'mutation { clearNotaryAlarms(input: { reason: "checked against the minuted checkpoint" }) { cleared } }' }),
  },
  {
    field: 'auditStore',
    kind: 'mutation',
    who: { auditor: 'any', admin: 'any' },
    perCouncil: false,
    call: () => ({ query: 'mutation { auditStore { checked found } }' }),
  },
  {
    field: 'verifyReadModel',
    kind: 'mutation',
    who: { auditor: 'any', admin: 'any' },
    perCouncil: false,
    call: () => ({ query: 'mutation { verifyReadModel { equal } }' }),
    check: (data) => ((data.verifyReadModel as { equal: boolean }).equal ? [] : ['the live model differs from the fold']),
  },
  {
    field: 'rebuildReadModel',
    kind: 'mutation',
    who: ADMIN,
    perCouncil: false,
    call: () => ({ query: 'mutation { rebuildReadModel { position } }' }),
  },
  {
    field: 'grantAccess',
    kind: 'mutation',
    who: ADMIN,
    perCouncil: false,
    call: (side) => ({
      query: mutationOf('grantAccess', 'GrantAccessInput', 'grantId subject token'),
      variables: { input: { subject: `oidc:${fresh('person')}`, displayName: 'A person', role: 'viewer', councils: [COUNCIL[side]] } },
      stream: 'access',
    }),
    check: async (data, _side, role) => {
      const { grantId } = data.grantAccess as { grantId: string };
      const [grant] = await grantNow(running.baseUrl, grantId);
      const expected = { id: world.tokens[role].subject, role: 'admin', displayName: world.tokens[role].displayName, council: null };
      return JSON.stringify(grant?.grantedBy) === JSON.stringify(expected)
        ? []
        : [`grant ${grantId} granted by ${JSON.stringify(grant?.grantedBy)}`];
    },
  },
  {
    field: 'changeAccess',
    kind: 'mutation',
    who: ADMIN,
    perCouncil: false,
    call: async (side) => ({
      query: mutationOf('changeAccess', 'ChangeAccessInput', 'grantId'),
      variables: { input: { grantId: await freshGrant(side), role: 'editor', reason: 'took over the plan' } },
      stream: 'access',
    }),
    check: async (data) => {
      const { grantId } = data.changeAccess as { grantId: string };
      const grant = await grantNow(running.baseUrl, grantId);
      return grant.some((version) => version.role === 'editor' && version.status === 'active')
        ? []
        : [`grant ${grantId} is ${JSON.stringify(grant)}`];
    },
  },
  {
    field: 'revokeAccess',
    kind: 'mutation',
    who: ADMIN,
    perCouncil: false,
    call: async (side) => ({
      query: mutationOf('revokeAccess', 'RevokeAccessInput', 'grantId'),
      variables: { input: { grantId: await freshGrant(side), reason: 'left the council' } },
      stream: 'access',
    }),
    check: async (data) => {
      const { grantId } = data.revokeAccess as { grantId: string };
      const grant = await grantNow(running.baseUrl, grantId);
      return grant.length > 0 && grant.every((version) => version.status === 'revoked')
        ? []
        : [`grant ${grantId} is ${JSON.stringify(grant)}`];
    },
  },

  // Reading a council's records.
  readRow('authority', READERS, true, (side) => ({
    query: 'query ($laCode: String!) { authority(laCode: $laCode) { authority { laCode } } }',
    variables: { laCode: COUNCIL[side] },
  })),
  {
    field: 'authorities',
    kind: 'query',
    // Anyone signed in may ask; the answer lists only the councils the asker may read.
    who: EVERYONE,
    perCouncil: false,
    call: () => ({ query: '{ authorities(first: 100) { totalCount edges { node { laCode } } } }' }),
    check: (data, _side, role) => {
      const listed = (data.authorities as { edges: { node: { laCode: string } | null }[] }).edges.map((edge) => edge.node?.laCode);
      const council = ['viewer', 'editor', 'board', 'commissioner'].includes(role);
      const ok =
        role === 'admin'
          ? listed.length === 0
          : council
            ? JSON.stringify(listed) === JSON.stringify([COUNCIL.own])
            : listed.includes(COUNCIL.own) && listed.includes(COUNCIL.other);
      return ok ? [] : [`authorities listed ${JSON.stringify(listed)}`];
    },
  },
  {
    field: 'plans',
    kind: 'query',
    // Anyone signed in may ask; the answer lists only the plans of the councils the asker may read.
    who: EVERYONE,
    perCouncil: false,
    call: () => ({ query: '{ plans(first: 200) { edges { node { laCode } } } }' }),
    check: (data, _side, role) => {
      const councils = [...new Set((data.plans as { edges: { node: { laCode: string } }[] }).edges.map((edge) => edge.node.laCode))].sort();
      const council = ['viewer', 'editor', 'board', 'commissioner'].includes(role);
      const ok =
        role === 'admin'
          ? councils.length === 0
          : council
            ? JSON.stringify(councils) === JSON.stringify([COUNCIL.own])
            : councils.includes(COUNCIL.own) && councils.includes(COUNCIL.other);
      return ok ? [] : [`plans of ${JSON.stringify(councils)}`];
    },
  },
  {
    field: 'actions',
    kind: 'query',
    who: EVERYONE,
    perCouncil: false,
    call: () => ({ query: '{ actions(first: 200) { edges { node { laCode } } } }' }),
    check: (data, _side, role) => {
      const councils = [...new Set((data.actions as { edges: { node: { laCode: string } }[] }).edges.map((edge) => edge.node.laCode))];
      const council = ['viewer', 'editor', 'board', 'commissioner'].includes(role);
      const ok = role === 'admin' ? councils.length === 0 : council ? councils.every((c) => c === COUNCIL.own) : true;
      return ok ? [] : [`actions of ${JSON.stringify(councils)}`];
    },
  },
  readRow('gradeHistory', READERS, true, (side) => ({
    query: 'query ($id: String!) { gradeHistory(planId: $id, target: "plan") { grades { grade } } }',
    variables: { id: PLAN[side] },
  })),
  readRow('changesSince', READERS, true, (side) => ({
    query: 'query ($laCode: String!) { changesSince(laCode: $laCode, since: "2016-01-01T00:00:00Z") { words } }',
    variables: { laCode: COUNCIL[side] },
  })),
  readRow('plan', READERS, true, (side) => ({
    query: 'query ($id: String!) { plan(id: $id) { plan { planId laCode } } }',
    variables: { id: PLAN[side] },
  })),
  readRow('timeline', READERS, true, (side) => ({
    query: 'query ($laCode: String!) { timeline(laCode: $laCode) { entries { kind } } }',
    variables: { laCode: COUNCIL[side] },
  })),
  readRow(
    'history',
    READERS,
    true,
    (side) => ({
      query: 'query ($streamId: String!) { history(streamId: $streamId) { totalCount } }',
      variables: { streamId: `authority-${COUNCIL[side]}` },
    }),
    "of a council's authority stream",
  ),
  readRow(
    'history',
    READERS,
    true,
    (side) => ({
      query: 'query ($streamId: String!) { history(streamId: $streamId) { totalCount } }',
      variables: { streamId: `plan-${PLAN[side]}` },
    }),
    "of a council's plan stream",
  ),
  readRow('history', AUDITOR, false, () => ({ query: '{ history(streamId: "access") { totalCount } }' }), 'of the access stream'),
  readRow('indicatorSeries', READERS, true, (side) => ({
    query: 'query ($laCode: String!) { indicatorSeries(laCode: $laCode) { indicators { indicatorId } } }',
    variables: { laCode: COUNCIL[side] },
  })),

  // What the notary publishes, for anyone signed in to check.
  readRow('notaryStatus', EVERYONE, false, () => ({ query: '{ notaryStatus { treeSize publicKey } }' })),
  readRow('checkpoints', EVERYONE, false, () => ({ query: '{ checkpoints { size } }' })),
  readRow('latestCheckpoint', EVERYONE, false, () => ({ query: '{ latestCheckpoint { size } }' })),
  readRow('inclusionProof', EVERYONE, false, (side) => ({
    query: 'query ($eventId: String!) { inclusionProof(eventId: $eventId) { leafIndex treeSize } }',
    variables: { eventId: world.registered[side] },
  })),
  readRow('consistencyProof', EVERYONE, false, () => ({ query: '{ consistencyProof(from: 1, to: 2) { toRoot } }' })),

  // The audit queries, and who held access when.
  readRow('knowledgeDiff', AUDITOR, false, (side) => ({
    query:
      'query ($laCode: String!, $k: String!, $v: String!) { knowledgeDiff(laCode: $laCode, asOf: "2018-03-14", knownAt: $k, vs: $v) { kind } }',
    variables: { laCode: COUNCIL[side], k: '2018-01-01T00:00:00Z', v: new Date(Date.now() + 3_600_000).toISOString() },
  })),
  readRow('changesRecorded', AUDITOR, false, (side) => ({
    query: 'query ($laCode: String!, $to: String!) { changesRecorded(from: "2018-01-01T00:00:00Z", to: $to, laCode: $laCode) { type } }',
    variables: { laCode: COUNCIL[side], to: new Date(Date.now() + 3_600_000).toISOString() },
  })),
  readRow('authorityReport', AUDITOR, false, (side) => ({
    query: 'query ($laCode: String!) { authorityReport(laCode: $laCode) }',
    variables: { laCode: COUNCIL[side] },
  })),
  readRow('accessGrants', { auditor: 'any', admin: 'any' }, false, (side) => ({
    query:
      'query ($laCode: String!, $to: String!) { accessGrants(laCode: $laCode, command: "SetPriority", from: "2018-03-01T00:00:00Z", to: $to) { grantId } }',
    variables: { laCode: COUNCIL[side], to: new Date(Date.now() + 3_600_000).toISOString() },
  })),
];

const rowName = (row: Row) => `${row.field}${row.variant ? ` (${row.variant})` : ''}`;

function allowed(who: Who, role: MatrixRole, side: Side): boolean {
  return who[role] === 'any' || (who[role] === 'own' && side === 'own');
}

function describeWho(who: Who): string {
  const entries = Object.entries(who) as [MatrixRole, Scope][];
  if (entries.length === MATRIX_ROLES.length && entries.every(([, scope]) => scope === 'any')) return 'anyone signed in';
  return entries.map(([role, scope]) => `${role}${scope === 'own' ? ' (own council)' : ''}`).join(', ');
}

const ROLE_WORD = /\b(viewer|editor|board|commissioner|inspection-data|auditor|admin)\b/g;

/** Everything wrong with one call: the role's outcome against the table, what it recorded, what it answered. */
async function cell(row: Row, side: Side, role: MatrixRole): Promise<string[]> {
  const call = await row.call(side, role);
  const council = call.council ?? COUNCIL[side];
  const may = allowed(row.who, role, side);
  const watched = call.stream ?? `authority-${COUNCIL[side]}`;
  const before = row.kind === 'mutation' && !may ? await streamState(running.baseUrl, watched) : undefined;
  const response: GraphqlResponse<Record<string, unknown>> = await graphql(running.baseUrl, call.query, call.variables ?? {}, {
    token: world.tokens[role].token,
  });
  const label = `${role} on the ${side} council (${council})`;
  const first = response.errors?.[0];
  const code = first?.extensions?.code;
  const problems: string[] = [];
  if (may) {
    const expectedRefusal = row.domainRefusal?.[side];
    if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') return [`${label}: should be allowed, got ${code}: ${first!.message}`];
    if (expectedRefusal)
      return code === expectedRefusal ? [] : [`${label}: expected ${expectedRefusal}, got ${response.raw.slice(0, 300)}`];
    if (response.errors || !response.data) return [`${label}: should succeed, got ${response.raw.slice(0, 300)}`];
    if (row.records) {
      const result = response.data[row.field] as { events: { type: string; actor: Record<string, unknown> }[] };
      const expected = { id: world.tokens[role].subject, role, displayName: world.tokens[role].displayName, council };
      if (result.events.length === 0) problems.push(`${label}: recorded no event`);
      for (const event of result.events)
        if (JSON.stringify(event.actor) !== JSON.stringify(expected))
          problems.push(`${label}: ${event.type} has actor ${JSON.stringify(event.actor)}, expected ${JSON.stringify(expected)}`);
    }
    if (row.check) problems.push(...(await row.check(response.data, side, role)).map((problem) => `${label}: ${problem}`));
    return problems;
  }
  if (code !== 'FORBIDDEN') return [`${label}: should be FORBIDDEN, got ${response.errors ? response.raw.slice(0, 300) : 'an answer'}`];
  if (response.errors!.length !== 1) problems.push(`${label}: ${response.errors!.length} errors`);
  if (response.data && response.data[row.field] != null) problems.push(`${label}: FORBIDDEN but answered ${JSON.stringify(response.data)}`);
  const missing = first!.extensions?.missing;
  if (typeof missing !== 'string') problems.push(`${label}: no extensions.missing`);
  else {
    const needs = /needs (.*) \(holds /.exec(missing)?.[1] ?? '';
    const named = [...new Set(needs.match(ROLE_WORD) ?? [])].sort();
    const expected = Object.keys(row.who).sort();
    if (JSON.stringify(named) !== JSON.stringify(expected))
      problems.push(`${label}: missing names ${JSON.stringify(named)}, expected ${JSON.stringify(expected)} (${missing})`);
    if (row.perCouncil && !missing.includes(`council ${council}`))
      problems.push(`${label}: missing does not name council ${council} (${missing})`);
  }
  if (before) {
    const after = await streamState(running.baseUrl, watched);
    if (JSON.stringify(after) !== JSON.stringify(before))
      problems.push(
        `${label}: a refused ${row.field} changed ${watched} or the log: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
      );
  }
  return problems;
}

describe('who may do what: every query and mutation, for every role, on its own council and another', () => {
  beforeAll(async () => {
    // Every request of the suite comes from one address; the per-client rate limit is not what is tested here.
    running = await startApp({ env: { LEDGER_RATE_LIMIT_PER_MINUTE: '1000000' } });
    world = await buildWorld(running.baseUrl);
  });
  afterAll(() => running?.stop());

  it('has a row for every Query and Mutation field in the schema, and for every role', async () => {
    const { __schema } = await asLocal<{
      __schema: { queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } };
    }>(running.baseUrl, '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }');
    const inSchema = [
      ...__schema.queryType.fields.map((field) => `query ${field.name}`),
      ...__schema.mutationType.fields.map((field) => `mutation ${field.name}`),
    ].sort();
    const inTable = [...new Set(ROWS.map((row) => `${row.kind} ${row.field}`))].sort();
    expect({
      withoutRow: inSchema.filter((field) => !inTable.includes(field)),
      notInSchema: inTable.filter((field) => !inSchema.includes(field)),
    }).toEqual({
      withoutRow: [],
      notInSchema: [],
    });
    expect([...MATRIX_ROLES].sort()).toEqual([...ROLES].sort());
    // Each role acts through an API token of its own: recorded as token:<id>.
    for (const role of MATRIX_ROLES) expect(world.tokens[role].subject).toMatch(/^token:[A-Za-z0-9_-]{16}$/);
  });

  it.each(ROWS.map((row) => ({ name: rowName(row), who: describeWho(row.who), row })))('$name: $who', async ({ row }) => {
    const problems: string[] = [];
    for (const side of SIDES) for (const role of MATRIX_ROLES) problems.push(...(await cell(row, side, role)));
    expect(problems).toEqual([]);
  });

  it("answers who could change a council's plan in a window: the editors of that council", async () => {
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const query = `query ($laCode: String!, $to: String!) {
      accessGrants(laCode: $laCode, command: "SetPriority", from: "2018-03-01T00:00:00Z", to: $to) { subject role councils mayRecord }
    }`;
    type Grants = { accessGrants: { subject: string; role: string; councils: string[] | null; mayRecord: string[] }[] };
    const own = await graphql<Grants>(running.baseUrl, query, { laCode: COUNCIL.own, to }, { token: world.tokens.auditor.token });
    expect(own.errors).toBeUndefined();
    const editor = own.data!.accessGrants.find((grant) => grant.subject === world.tokens.editor.subject);
    expect(editor).toMatchObject({
      role: 'editor',
      councils: [COUNCIL.own],
      mayRecord: expect.arrayContaining(['SetPriority', 'GradeProgress by council']),
    });
    expect(own.data!.accessGrants.every((grant) => grant.role === 'editor')).toBe(true);
    const other = await graphql<Grants>(running.baseUrl, query, { laCode: COUNCIL.other, to }, { token: world.tokens.admin.token });
    expect(other.data!.accessGrants.map((grant) => grant.subject)).not.toContain(world.tokens.editor.subject);
  });
});
