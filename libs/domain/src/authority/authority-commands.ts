import type { CorrectionCommand } from '../correction/correction-events';
import type {
  AuthorityEvent,
  AppointmentMadeData,
  AuthorityRegisteredData,
  FindingsRecordedData,
  FocusedVisitLoggedData,
  InspectionRecordedData,
  InterventionIssuedData,
  InterventionLiftedData,
  MonitoringVisitLoggedData,
  ReviewPublishedData,
  SourceAttachedData,
} from './authority-events';

type Command<Type extends string, Data> = { readonly type: Type } & Data;

/** Commands the authority decider decides on its state; corrections are decided on the stream's history. */
export type AuthorityStreamCommand =
  | Command<'RegisterAuthority', AuthorityRegisteredData>
  | Command<'RecordInspection', InspectionRecordedData>
  | Command<'LogMonitoringVisit', MonitoringVisitLoggedData>
  | Command<'LogFocusedVisit', FocusedVisitLoggedData>
  | Command<'RecordFindings', FindingsRecordedData>
  | Command<'IssueIntervention', InterventionIssuedData>
  | Command<'LiftIntervention', InterventionLiftedData>
  | Command<'MakeAppointment', AppointmentMadeData>
  | Command<'PublishReview', ReviewPublishedData>
  | Command<'AttachSource', SourceAttachedData>;

export type AuthorityCommand = AuthorityStreamCommand | CorrectionCommand;

/** Which command records each authority event: a correction is re-decided as the command of its corrected event. */
export const AUTHORITY_COMMAND_OF = {
  AuthorityRegistered: 'RegisterAuthority',
  InspectionRecorded: 'RecordInspection',
  MonitoringVisitLogged: 'LogMonitoringVisit',
  FocusedVisitLogged: 'LogFocusedVisit',
  FindingsRecorded: 'RecordFindings',
  InterventionIssued: 'IssueIntervention',
  InterventionLifted: 'LiftIntervention',
  AppointmentMade: 'MakeAppointment',
  ReviewPublished: 'PublishReview',
  SourceAttached: 'AttachSource',
} as const satisfies {
  readonly [E in Exclude<AuthorityEvent['type'], 'EventCorrected' | 'EventRetracted'>]: AuthorityStreamCommand['type'];
};
