import { Controller, Get, NotFoundException, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../../access/access-rule';
import { principalOf } from '../../access/request-principal';
import { CommandRecorder } from '../../graphql/command-recorder';
import { AmendActionInput } from '../../graphql/inputs/plan-inputs';
import { WebErrorFilter } from '../web-error.filter';
import { FormFlow, type FormPage, type FormState } from './form-flow';
import { businessDayOf, dateFields, dateOf, given, validatedInput } from './form-input';
import type { FieldMap } from './form-view';
import { planBreadcrumbs, PlanFormReader, type PlanForForm } from './plan-form-reader';
import { recordedAt } from './recorded-notice';

const FIELDS: FieldMap = {
  due: { id: 'due-day', label: 'New due date' },
  // The domain's "give at least one of a new title, owner, due …": on this form, only the due date is offered.
  title: { id: 'due-day', label: 'New due date' },
  reason: { id: 'reason', label: 'Reason' },
  actionId: { id: 'due-day', label: 'The action' },
  occurredAt: { id: 'date-day', label: 'Date of the decision' },
};

/**
 * `/plans/:planId/actions/:actionId/re-date`: a new due date with its reason, the amendAction command, so that a
 * re-dating stays visible (from → to, who, why) instead of the date being quietly changed.
 */
@Controller('plans/:planId/actions/:actionId/re-date')
@UseFilters(WebErrorFilter)
export class ReDateActionFormPage {
  constructor(
    private readonly plans: PlanFormReader,
    private readonly flow: FormFlow,
    private readonly recorder: CommandRecorder,
  ) {}

  @Get()
  @ChecksAccessItself("the plan's council is known once the plan is read; reading it and amending actions there are checked")
  async show(
    @Param('planId') planId: string,
    @Param('actionId') actionId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const opened = await this.plans.open(request, planId, 'AmendAction');
    const page = pageOf(opened, actionId);
    const today = this.flow.today();
    this.flow.show(request, reply, page, this.flow.fresh({ ...dateFields('date', today) }, opened.revision));
  }

  @Post()
  @ChecksAccessItself('the command handler checks the role for the plan’s council, as for the amendAction mutation')
  async record(
    @Param('planId') planId: string,
    @Param('actionId') actionId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const state = this.flow.posted(request);
    const opened = await this.plans.open(request, planId, 'AmendAction');
    await this.flow.submit(
      request,
      reply,
      pageOf(opened, actionId),
      state,
      { map: FIELDS, fallback: FIELDS.due },
      async () => {
        const input = await validatedInput(AmendActionInput, inputOf(planId, actionId, state));
        await this.recorder.record(principalOf(request), 'plan', 'AmendAction', input, input.planId, ['planId']);
      },
      recordedAt(`/plans/${encodeURIComponent(planId)}`, 're-date'),
    );
  }
}

function inputOf(planId: string, actionId: string, state: FormState): Record<string, unknown> {
  const { values } = state;
  return {
    planId,
    actionId,
    due: dateOf(values, 'due') ?? '',
    reason: values.reason ?? '',
    occurredAt: businessDayOf(values, 'date'),
    commandId: given(state.commandId),
    expectedRevision: given(state.expectedRevision),
  };
}

function pageOf({ plan }: PlanForForm, actionId: string): FormPage {
  const action = plan.actions.find((a) => a.actionId === actionId);
  if (!action) throw new NotFoundException(`the plan has no action ${actionId}`);
  return {
    template: 'forms/re-date-action.njk',
    title: 'Re-date an action',
    path: `/plans/${encodeURIComponent(plan.planId)}/actions/${encodeURIComponent(actionId)}/re-date`,
    breadcrumbs: planBreadcrumbs(plan),
    record: 'this plan',
    context: { plan, action },
  };
}
