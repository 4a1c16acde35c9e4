import type { CorrectionCommand } from '../correction/correction-events';
import type {
  AppointmentMadeData,
  AuthorityRegisteredData,
  FindingsRecordedData,
  FocusedVisitLoggedData,
  InspectionRecordedData,
  InterventionIssuedData,
  InterventionLiftedData,
  MonitoringVisitLoggedData,
  ReviewPublishedData,
} from './authority-events';

type Command<Type extends string, Data> = { readonly type: Type } & Data;

export type AuthorityCommand =
  | Command<'RegisterAuthority', AuthorityRegisteredData>
  | Command<'RecordInspection', InspectionRecordedData>
  | Command<'LogMonitoringVisit', MonitoringVisitLoggedData>
  | Command<'LogFocusedVisit', FocusedVisitLoggedData>
  | Command<'RecordFindings', FindingsRecordedData>
  | Command<'IssueIntervention', InterventionIssuedData>
  | Command<'LiftIntervention', InterventionLiftedData>
  | Command<'MakeAppointment', AppointmentMadeData>
  | Command<'PublishReview', ReviewPublishedData>
  | CorrectionCommand;
