import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { ChecksAccessItself } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal';
import type { Principal } from '../access/principal';
import { InputRejected } from '../errors/input-rejected';
import { CommandRecorder } from './command-recorder';
import {
  AttachSourceInput,
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

/**
 * One mutation per command. Each returns the stream, its new revision and position, and the events recorded. Who may
 * record each command, for which council, is checked by the command handler (authorise-record.ts): only there is a
 * plan's council, or the event a correction names, known.
 */
@Resolver()
@ChecksAccessItself('the command handler checks the role for the council of the stream, on every write path')
export class MutationsResolver {
  constructor(private readonly recorder: CommandRecorder) {}

  // Authority stream (authority-<la_code>)
  @Mutation(() => RecordResultType)
  registerAuthority(@Args('input') input: RegisterAuthorityInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'authority', 'RegisterAuthority', input, input.laCode);
  }

  @Mutation(() => RecordResultType)
  recordInspection(@Args('input') input: RecordInspectionInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'authority', 'RecordInspection', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  logMonitoringVisit(@Args('input') input: LogMonitoringVisitInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'authority', 'LogMonitoringVisit', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  logFocusedVisit(@Args('input') input: LogFocusedVisitInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'authority', 'LogFocusedVisit', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  recordFindings(@Args('input') input: RecordFindingsInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'authority', 'RecordFindings', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  issueIntervention(@Args('input') input: IssueInterventionInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'authority', 'IssueIntervention', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  liftIntervention(@Args('input') input: LiftInterventionInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'authority', 'LiftIntervention', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  makeAppointment(@Args('input') input: MakeAppointmentInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'authority', 'MakeAppointment', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType)
  publishReview(@Args('input') input: PublishReviewInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'authority', 'PublishReview', input, input.laCode, ['laCode']);
  }

  @Mutation(() => RecordResultType, {
    description: 'Attaches a document (by its SHA-256) as a source of an inspection or visit on record; the same document once an entry',
  })
  attachSource(@Args('input') input: AttachSourceInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'authority', 'AttachSource', input, input.laCode, ['laCode', 'document'], {
      source: input.document,
    });
  }

  // Plan stream (plan-<planId>)
  @Mutation(() => RecordResultType)
  createPlan(@Args('input') input: CreatePlanInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'CreatePlan', input, input.planId);
  }

  @Mutation(() => RecordResultType)
  setPriority(@Args('input') input: SetPriorityInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'SetPriority', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  amendPriority(@Args('input') input: AmendPriorityInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'AmendPriority', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  retirePriority(@Args('input') input: RetirePriorityInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'RetirePriority', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  addAction(@Args('input') input: AddActionInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'AddAction', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  amendAction(@Args('input') input: AmendActionInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'AmendAction', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  closeAction(@Args('input') input: CloseActionInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'CloseAction', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  gradeProgress(@Args('input') input: GradeProgressInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'GradeProgress', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  defineIndicator(@Args('input') input: DefineIndicatorInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'DefineIndicator', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  measureIndicator(@Args('input') input: MeasureIndicatorInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'MeasureIndicator', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  holdBoardMeeting(@Args('input') input: HoldBoardMeetingInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'HoldBoardMeeting', input, input.planId, ['planId']);
  }

  @Mutation(() => RecordResultType)
  closePlan(@Args('input') input: ClosePlanInput, @CurrentPrincipal() principal: Principal) {
    return this.recorder.record(principal, 'plan', 'ClosePlan', input, input.planId, ['planId']);
  }

  // Corrections, on either kind of stream
  @Mutation(() => RecordResultType)
  correctEvent(@Args('input') input: CorrectEventInput, @CurrentPrincipal() principal: Principal) {
    const { kind, key } = streamOf(input.streamId);
    return this.recorder.record(principal, kind, 'CorrectEvent', input, key, ['streamId']);
  }

  @Mutation(() => RecordResultType)
  retractEvent(@Args('input') input: RetractEventInput, @CurrentPrincipal() principal: Principal) {
    const { kind, key } = streamOf(input.streamId);
    return this.recorder.record(principal, kind, 'RetractEvent', input, key, ['streamId']);
  }
}

function streamOf(streamId: string): { kind: 'authority' | 'plan'; key: string } {
  if (streamId.startsWith('authority-')) return { kind: 'authority', key: streamId.slice('authority-'.length) };
  if (streamId.startsWith('plan-')) return { kind: 'plan', key: streamId.slice('plan-'.length) };
  throw new InputRejected([{ field: 'streamId', rule: 'must be authority-<la_code> or plan-<planId>' }]);
}
