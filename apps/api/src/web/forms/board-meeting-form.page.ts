import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../../access/access-rule';
import { principalOf } from '../../access/request-principal';
import { CommandRecorder } from '../../graphql/command-recorder';
import { HoldBoardMeetingInput } from '../../graphql/inputs/plan-inputs';
import { WebErrorFilter } from '../web-error.filter';
import { FormFlow, type FormPage, type FormState } from './form-flow';
import { businessDayOf, dateFields, given, validatedInput } from './form-input';
import type { FieldMap } from './form-view';
import { planBreadcrumbs, PlanFormReader, type PlanForForm } from './plan-form-reader';
import { recordedAt } from './recorded-notice';

const FIELDS: FieldMap = {
  occurredAt: { id: 'date-day', label: 'Date of the meeting' },
  meetingId: { id: 'meetingId', label: 'Meeting reference' },
  chair: { id: 'chair', label: 'Chair' },
  decisions: { id: 'decisions', label: 'Decisions' },
};

/** `/plans/:planId/board-meetings/new`: an improvement board's meeting on the plan, with its chair and decisions. */
@Controller('plans/:planId/board-meetings/new')
@UseFilters(WebErrorFilter)
export class BoardMeetingFormPage {
  constructor(
    private readonly plans: PlanFormReader,
    private readonly flow: FormFlow,
    private readonly recorder: CommandRecorder,
  ) {}

  @Get()
  @ChecksAccessItself("the plan's council is known once the plan is read; reading it and recording a meeting there are checked")
  async show(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const opened = await this.plans.open(request, planId, 'HoldBoardMeeting');
    const today = this.flow.today();
    this.flow.show(
      request,
      reply,
      pageOf(opened),
      this.flow.fresh({ meetingId: `board-${today}`, ...dateFields('date', today) }, opened.revision),
    );
  }

  @Post()
  @ChecksAccessItself('the command handler checks the role for the plan’s council, as for the holdBoardMeeting mutation')
  async record(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const state = this.flow.posted(request);
    const opened = await this.plans.open(request, planId, 'HoldBoardMeeting');
    await this.flow.submit(
      request,
      reply,
      pageOf(opened),
      state,
      { map: FIELDS, fallback: FIELDS.meetingId },
      async () => {
        const input = await validatedInput(HoldBoardMeetingInput, inputOf(planId, state));
        await this.recorder.record(principalOf(request), 'plan', 'HoldBoardMeeting', input, input.planId, ['planId']);
      },
      recordedAt(`/plans/${encodeURIComponent(planId)}`, 'board-meeting'),
    );
  }
}

function inputOf(planId: string, state: FormState): Record<string, unknown> {
  const { values } = state;
  return {
    planId,
    meetingId: values.meetingId ?? '',
    chair: given(values.chair),
    // One decision a line, as minutes list them; blank lines are no decision.
    decisions: (values.decisions ?? '')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ''),
    occurredAt: businessDayOf(values, 'date'),
    commandId: given(state.commandId),
    expectedRevision: given(state.expectedRevision),
  };
}

function pageOf({ plan }: PlanForForm): FormPage {
  return {
    template: 'forms/board-meeting.njk',
    title: 'Record a board meeting',
    path: `/plans/${encodeURIComponent(plan.planId)}/board-meetings/new`,
    breadcrumbs: planBreadcrumbs(plan),
    record: 'this plan',
    context: { plan, meetingIds: plan.boardMeetings.map((m) => m.meetingId) },
  };
}
