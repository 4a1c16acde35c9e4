import type { AuthorityStreamCommand } from '../authority/authority-commands';
import type { PlanStreamCommand } from '../plan/plan-commands';
import type { GradedBy } from '../shared/scales';
import { isCouncilRole, type Role, type RoleGrant } from './roles';

/** Everything the service lets someone do, each checked against the roles they hold (permissions below). */
export type Permission =
  /** Record a command on a council's authority stream or one of its plans. */
  | {
      readonly kind: 'record';
      readonly command: Pick<AuthorityStreamCommand | PlanStreamCommand, 'type'> & { readonly gradedBy?: GradedBy };
    }
  /** Read a council's records: judgements, plans, timeline, history, indicators. */
  | { readonly kind: 'read' }
  /** The audit queries (what was known when, what was entered when, reports), the access history. */
  | { readonly kind: 'audit' }
  /** Read Ofsted documents into drafts and record them. */
  | { readonly kind: 'import' }
  | { readonly kind: 'manage-access' }
  | { readonly kind: 'sign-checkpoint' }
  /** Checkpoints, proofs and the notary's key: what the log publishes so that anyone can check it. */
  | { readonly kind: 'notary' }
  /** /health's details: where the store is, its head, the notary's alarms. */
  | { readonly kind: 'health-details' };

type RecordedCommandType = AuthorityStreamCommand['type'] | PlanStreamCommand['type'];

const COUNCIL_READERS: readonly Role[] = ['viewer', 'editor', 'board', 'commissioner', 'inspection-data', 'auditor'];
const PLAN_EDITORS: readonly Role[] = ['editor'];
const INSPECTION_DATA: readonly Role[] = ['inspection-data'];

/**
 * Which roles may record each command. A typed table, so a new command does not compile until someone decides who
 * may record it. GradeProgress depends on who the grade is by: each body records its own grades.
 */
export const RECORDING_ROLES: { readonly [Type in RecordedCommandType]: readonly Role[] } = {
  RegisterAuthority: ['admin'],
  RecordInspection: INSPECTION_DATA,
  LogMonitoringVisit: INSPECTION_DATA,
  LogFocusedVisit: INSPECTION_DATA,
  RecordFindings: INSPECTION_DATA,
  IssueIntervention: INSPECTION_DATA,
  LiftIntervention: INSPECTION_DATA,
  MakeAppointment: INSPECTION_DATA,
  PublishReview: ['commissioner'],
  // Whoever records the inspections and visits (importers included: importing needs the same role) attaches their documents.
  AttachSource: INSPECTION_DATA,
  CreatePlan: PLAN_EDITORS,
  SetPriority: PLAN_EDITORS,
  AmendPriority: PLAN_EDITORS,
  RetirePriority: PLAN_EDITORS,
  AddAction: PLAN_EDITORS,
  AmendAction: PLAN_EDITORS,
  CloseAction: PLAN_EDITORS,
  GradeProgress: ['board', 'commissioner', 'editor', 'inspection-data'],
  DefineIndicator: PLAN_EDITORS,
  MeasureIndicator: PLAN_EDITORS,
  HoldBoardMeeting: ['board'],
  ClosePlan: PLAN_EDITORS,
};

/** Whose grades each role records. */
export const GRADE_RECORDER: { readonly [By in GradedBy]: Role } = {
  board: 'board',
  commissioner: 'commissioner',
  council: 'editor',
  inspectors: 'inspection-data',
};

/** The roles that allow a permission, before councils are considered. */
export function rolesAllowing(permission: Permission): readonly Role[] {
  switch (permission.kind) {
    case 'record':
      if (permission.command.type === 'GradeProgress' && permission.command.gradedBy) return [GRADE_RECORDER[permission.command.gradedBy]];
      return RECORDING_ROLES[permission.command.type];
    case 'read':
      return COUNCIL_READERS;
    case 'audit':
      return ['auditor'];
    case 'import':
      return INSPECTION_DATA;
    case 'manage-access':
    case 'sign-checkpoint':
      return ['admin'];
    case 'notary':
      return ['viewer', 'editor', 'board', 'commissioner', 'inspection-data', 'auditor', 'admin'];
    case 'health-details':
      return ['admin', 'auditor'];
  }
}

export function describePermission(permission: Permission): string {
  switch (permission.kind) {
    case 'record':
      return permission.command.type === 'GradeProgress' && permission.command.gradedBy
        ? `record GradeProgress by ${permission.command.gradedBy}`
        : `record ${permission.command.type}`;
    case 'read':
      return 'read the records';
    case 'audit':
      return 'use the audit queries';
    case 'import':
      return 'import Ofsted documents';
    case 'manage-access':
      return 'grant, change or revoke access';
    case 'sign-checkpoint':
      return 'sign checkpoints';
    case 'notary':
      return "read the notary's checkpoints and proofs";
    case 'health-details':
      return "read /health's details";
  }
}

export type Authorisation =
  { readonly allowed: true; readonly role: Role; readonly council?: string } | { readonly allowed: false; readonly missing: string };

/**
 * Whether roles held allow a permission, for one council where it concerns one. Returns the role that allows it
 * (recorded on the event as the role the person acted in), or what is missing, in words.
 */
export function authorise(held: readonly RoleGrant[], permission: Permission, council?: string): Authorisation {
  const allowing = rolesAllowing(permission);
  for (const role of allowing) {
    for (const grant of held) {
      if (grant.role !== role) continue;
      if (council === undefined || grant.councils === 'all' || grant.councils.includes(council)) return { allowed: true, role, council };
    }
  }
  const local = allowing.filter(isCouncilRole);
  const national = allowing.filter((role) => !isCouncilRole(role));
  const needs = [
    ...(local.length ? [`${words(local)}${council !== undefined ? ` for council ${council}` : ''}`] : []),
    ...(national.length ? [words(national)] : []),
  ].join(', or ');
  const holds = held.length
    ? held.map((grant) => (grant.councils === 'all' ? grant.role : `${grant.role} for ${grant.councils.join(', ')}`)).join('; ')
    : 'no role';
  return {
    allowed: false,
    missing: `to ${describePermission(permission)}${council !== undefined ? ` ${permission.kind === 'read' ? 'of' : 'for'} council ${council}` : ''} needs ${needs} (holds ${holds})`,
  };
}

function words(roles: readonly Role[]): string {
  return roles.length === 1 ? roles[0] : `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;
}

/** The councils a principal's roles let them read: 'all', or la_codes. */
export function readableCouncils(held: readonly RoleGrant[]): 'all' | ReadonlySet<string> {
  const readers = rolesAllowing({ kind: 'read' });
  const councils = new Set<string>();
  for (const grant of held) {
    if (!readers.includes(grant.role)) continue;
    if (grant.councils === 'all') return 'all';
    for (const code of grant.councils) councils.add(code);
  }
  return councils;
}
