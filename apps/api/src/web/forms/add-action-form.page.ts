import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../../access/access-rule';
import { principalOf } from '../../access/request-principal';
import { CommandRecorder } from '../../graphql/command-recorder';
import { AddActionInput } from '../../graphql/inputs/plan-inputs';
import { WebErrorFilter } from '../web-error.filter';
import { FormFlow, type FormPage, type FormState } from './form-flow';
import { businessDayOf, dateFields, dateOf, given, validatedInput } from './form-input';
import type { FieldMap } from './form-view';
import { planBreadcrumbs, PlanFormReader, type PlanForForm } from './plan-form-reader';
import { recordedAt } from './recorded-notice';

const FIELDS: FieldMap = {
  priorityId: { id: 'priorityId', label: 'Priority' },
  title: { id: 'title', label: 'Action' },
  actionId: { id: 'actionId', label: 'Action reference' },
  owner: { id: 'owner', label: 'Owner' },
  due: { id: 'due-day', label: 'Due date' },
  successMeasure: { id: 'successMeasure', label: 'How success is measured' },
  occurredAt: { id: 'date-day', label: 'Date the action was agreed' },
};

/** `/plans/:planId/actions/new`: an action under one of the plan's priorities, with its owner and due date. */
@Controller('plans/:planId/actions/new')
@UseFilters(WebErrorFilter)
export class AddActionFormPage {
  constructor(
    private readonly plans: PlanFormReader,
    private readonly flow: FormFlow,
    private readonly recorder: CommandRecorder,
  ) {}

  @Get()
  @ChecksAccessItself("the plan's council is known once the plan is read; reading it and adding actions there are checked")
  async show(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const opened = await this.plans.open(request, planId, 'AddAction');
    const query = (request.query ?? {}) as Record<string, unknown>;
    const priorityId = typeof query.priority === 'string' ? query.priority : '';
    const today = this.flow.today();
    this.flow.show(request, reply, pageOf(opened), this.flow.fresh({ priorityId, ...dateFields('date', today) }, opened.revision));
  }

  @Post()
  @ChecksAccessItself('the command handler checks the role for the plan’s council, as for the addAction mutation')
  async record(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const state = this.flow.posted(request);
    const opened = await this.plans.open(request, planId, 'AddAction');
    await this.flow.submit(
      request,
      reply,
      pageOf(opened),
      state,
      { map: FIELDS, fallback: FIELDS.priorityId },
      async () => {
        const input = await validatedInput(AddActionInput, inputOf(planId, state));
        await this.recorder.record(principalOf(request), 'plan', 'AddAction', input, input.planId, ['planId']);
      },
      recordedAt(`/plans/${encodeURIComponent(planId)}`, 'action'),
    );
  }
}

function inputOf(planId: string, state: FormState): Record<string, unknown> {
  const { values } = state;
  return {
    planId,
    actionId: values.actionId ?? '',
    priorityId: values.priorityId ?? '',
    title: values.title ?? '',
    owner: values.owner ?? '',
    due: dateOf(values, 'due') ?? '',
    successMeasure: given(values.successMeasure),
    occurredAt: businessDayOf(values, 'date'),
    commandId: given(state.commandId),
    expectedRevision: given(state.expectedRevision),
  };
}

function pageOf({ plan }: PlanForForm): FormPage {
  return {
    template: 'forms/add-action.njk',
    title: 'Add an action',
    path: `/plans/${encodeURIComponent(plan.planId)}/actions/new`,
    breadcrumbs: planBreadcrumbs(plan),
    record: 'this plan',
    context: {
      plan,
      priorities: plan.priorities.filter((p) => p.status === 'active').map((p) => ({ value: p.priorityId, text: p.title })),
    },
  };
}
