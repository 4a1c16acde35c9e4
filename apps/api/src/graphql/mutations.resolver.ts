import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { InputRejected } from '../errors/input-rejected';
import { CommandRecorder } from './command-recorder';
import {
  IssueInterventionInput,
  LiftInterventionInput,
  LogFocusedVisitInput,
  LogMonitoringVisitInput,
  MakeAppointmentInput,
  PublishReviewInput,
  RecordFindingsInput,
  RecordInspectionInput,
  RegisterAuthorityInput,
} from './inputs/authority-inputs';
import { CorrectEventInput, RetractEventInput } from './inputs/correction-inputs';
import {
  AddActionInput,
  AmendActionInput,
  AmendPriorityInput,
  ClosePlanInput,
  CloseActionInput,
  CreatePlanInput,
  DefineIndicatorInput,
  GradeProgressInput,
  HoldBoardMeetingInput,
  MeasureIndicatorInput,
  RetirePriorityInput,
  SetPriorityInput,
} from './inputs/plan-inputs';
import { RecordResultType } from './types/ledger-types';

/** One mutation per command. Each returns the stream, its new revision and position, and the events recorded. */
@Resolver()
export class MutationsResolver {
  constructor(private readonly recorder: CommandRecorder) {}

  // Authority stream (authority-<la_code>)
  @Mutation(() => RecordResultType)
  registerAuthority(@Args('input') input: RegisterAuthorityInput) {
    return this.recorder.record('authority', 'RegisterAuthority', input, input.laCode);
  }

  @Mutation(() => RecordResultType)
  recordInspection(@Args('input') input: RecordInspectionInput) {
    return this.recorder.record('authority', 'RecordInspection', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  logMonitoringVisit(@Args('input') input: LogMonitoringVisitInput) {
    return this.recorder.record('authority', 'LogMonitoringVisit', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  logFocusedVisit(@Args('input') input: LogFocusedVisitInput) {
    return this.recorder.record('authority', 'LogFocusedVisit', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  recordFindings(@Args('input') input: RecordFindingsInput) {
    return this.recorder.record('authority', 'RecordFindings', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  issueIntervention(@Args('input') input: IssueInterventionInput) {
    return this.recorder.record('authority', 'IssueIntervention', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  liftIntervention(@Args('input') input: LiftInterventionInput) {
    return this.recorder.record('authority', 'LiftIntervention', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  makeAppointment(@Args('input') input: MakeAppointmentInput) {
    return this.recorder.record('authority', 'MakeAppointment', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  publishReview(@Args('input') input: PublishReviewInput) {
    return this.recorder.record('authority', 'PublishReview', input, input.laCode, ['laCode']);
  }

  // Plan stream (plan-<planId>)
  @Mutation(() => RecordResultType)
  createPlan(@Args('input') input: CreatePlanInput) {
    return this.recorder.record('plan', 'CreatePlan', input, input.planId);
  }

  @Mutation(() => RecordResultType)
  setPriority(@Args('input') input: SetPriorityInput) {
    return this.recorder.record('plan', 'SetPriority', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  amendPriority(@Args('input') input: AmendPriorityInput) {
    return this.recorder.record('plan', 'AmendPriority', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  retirePriority(@Args('input') input: RetirePriorityInput) {
    return this.recorder.record('plan', 'RetirePriority', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  addAction(@Args('input') input: AddActionInput) {
    return this.recorder.record('plan', 'AddAction', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  amendAction(@Args('input') input: AmendActionInput) {
    return this.recorder.record('plan', 'AmendAction', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  closeAction(@Args('input') input: CloseActionInput) {
    return this.recorder.record('plan', 'CloseAction', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  gradeProgress(@Args('input') input: GradeProgressInput) {
    return this.recorder.record('plan', 'GradeProgress', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  defineIndicator(@Args('input') input: DefineIndicatorInput) {
    return this.recorder.record('plan', 'DefineIndicator', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  measureIndicator(@Args('input') input: MeasureIndicatorInput) {
    return this.recorder.record('plan', 'MeasureIndicator', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  holdBoardMeeting(@Args('input') input: HoldBoardMeetingInput) {
    return this.recorder.record('plan', 'HoldBoardMeeting', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  closePlan(@Args('input') input: ClosePlanInput) {
    return this.recorder.record('plan', 'ClosePlan', input, input.planId, ['planId']);
  }

  // Corrections, on either kind of stream
  @Mutation(() => RecordResultType)
  correctEvent(@Args('input') input: CorrectEventInput) {
    const { kind, key } = streamOf(input.streamId);
    return this.recorder.record(kind, 'CorrectEvent', input, key, ['streamId']);
  }

  @Mutation(() => RecordResultType)
  retractEvent(@Args('input') input: RetractEventInput) {
    const { kind, key } = streamOf(input.streamId);
    return this.recorder.record(kind, 'RetractEvent', input, key, ['streamId']);
  }
}

function streamOf(streamId: string): { kind: 'authority' | 'plan'; key: string } {
  if (streamId.startsWith('authority-')) return { kind: 'authority', key: streamId.slice('authority-'.length) };
  if (streamId.startsWith('plan-')) return { kind: 'plan', key: streamId.slice('plan-'.length) };
  throw new InputRejected([{ field: 'streamId', rule: 'must be authority-<la_code> or plan-<planId>' }]);
}
