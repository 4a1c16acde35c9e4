import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { authorise, GRADED_BY, PROGRESS_GRADES, type GradedBy } from '@plan-ledger/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../../access/access-rule';
import { principalOf } from '../../access/request-principal';
import { InputRejected } from '../../errors/input-rejected';
import { CommandRecorder } from '../../graphql/command-recorder';
import { GradeProgressInput } from '../../graphql/inputs/plan-inputs';
import { ragClass } from '../plan-progress';
import { WebErrorFilter } from '../web-error.filter';
import { FormFlow, type FormPage, type FormState } from './form-flow';
import { businessDayOf, dateFields, given, validatedInput } from './form-input';
import type { FieldMap } from './form-view';
import { planBreadcrumbs, PlanFormReader, type PlanForForm } from './plan-form-reader';
import { recordedAt } from './recorded-notice';

const FIELDS: FieldMap = {
  target: { id: 'subject', label: 'What is graded' },
  targetId: { id: 'subject', label: 'What is graded' },
  grade: { id: 'grade', label: 'Grade' },
  gradedBy: { id: 'gradedBy', label: 'Graded by' },
  evidence: { id: 'evidence', label: 'Evidence' },
  fromMeeting: { id: 'fromMeeting', label: 'Board meeting' },
  occurredAt: { id: 'date-day', label: 'Date of the grade' },
  commandId: { id: 'subject', label: 'The form' },
  expectedRevision: { id: 'subject', label: 'The form' },
};

/** `/plans/:planId/grades/new`: a RAG grade of the plan, one of its priorities or one of its actions. */
@Controller('plans/:planId/grades/new')
@UseFilters(WebErrorFilter)
export class GradeFormPage {
  constructor(
    private readonly plans: PlanFormReader,
    private readonly flow: FormFlow,
    private readonly recorder: CommandRecorder,
  ) {}

  @Get()
  @ChecksAccessItself("the plan's council is known once the plan is read; reading it and grading there are checked")
  async show(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const opened = await this.plans.open(request, planId, 'GradeProgress');
    const query = (request.query ?? {}) as Record<string, unknown>;
    const subject = typeof query.subject === 'string' ? query.subject : 'plan';
    const today = this.flow.today();
    this.flow.show(request, reply, pageOf(opened, request), this.flow.fresh({ subject, ...dateFields('date', today) }, opened.revision));
  }

  @Post()
  @ChecksAccessItself('the command handler checks the role for the plan’s council, as for the gradeProgress mutation')
  async record(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const state = this.flow.posted(request);
    const opened = await this.plans.open(request, planId, 'GradeProgress');
    await this.flow.submit(
      request,
      reply,
      pageOf(opened, request),
      state,
      { map: FIELDS, fallback: FIELDS.target },
      async () => {
        const input = await validatedInput(GradeProgressInput, inputOf(planId, state));
        // Said against the field rather than as a refused page: who may record a grade depends on the body giving it.
        // The command handler checks the same matrix again whatever the form says.
        if (!bodiesFor(request, opened.plan.laCode).some((by) => by === input.gradedBy))
          throw new InputRejected([
            { field: 'gradedBy', rule: `your roles for this council do not record grades given by the ${input.gradedBy}` },
          ]);
        await this.recorder.record(principalOf(request), 'plan', 'GradeProgress', input, input.planId, ['planId']);
      },
      recordedAt(`/plans/${encodeURIComponent(planId)}`, 'grade'),
    );
  }
}

function inputOf(planId: string, state: FormState): Record<string, unknown> {
  const { values } = state;
  const [target, ...rest] = (values.subject ?? '').split(':');
  return {
    planId,
    target: given(target),
    targetId: given(rest.join(':')),
    grade: given(values.grade),
    gradedBy: given(values.gradedBy),
    evidence: given(values.evidence),
    fromMeeting: given(values.fromMeeting),
    occurredAt: businessDayOf(values, 'date'),
    commandId: given(state.commandId),
    expectedRevision: given(state.expectedRevision),
  };
}

/** The bodies whose grades this person may record for the council, by the permission matrix (GradeProgress by body). */
function bodiesFor(request: FastifyRequest, laCode: string): GradedBy[] {
  const { roles } = principalOf(request);
  return GRADED_BY.filter((gradedBy) => authorise(roles, { kind: 'record', command: { type: 'GradeProgress', gradedBy } }, laCode).allowed);
}

function pageOf({ plan }: PlanForForm, request: FastifyRequest): FormPage {
  const subjects = [
    { value: 'plan', text: `The plan as a whole` },
    ...plan.priorities
      .filter((p) => p.status === 'active')
      .map((p) => ({ value: `priority:${p.priorityId}`, text: `Priority: ${p.title}` })),
    ...plan.actions.filter((a) => a.status === 'open').map((a) => ({ value: `action:${a.actionId}`, text: `Action: ${a.title}` })),
  ];
  return {
    template: 'forms/grade.njk',
    title: 'Record a grade',
    path: `/plans/${encodeURIComponent(plan.planId)}/grades/new`,
    breadcrumbs: planBreadcrumbs(plan),
    record: 'this plan',
    context: {
      plan,
      subjects,
      grades: PROGRESS_GRADES.map((grade) => ({ value: grade, text: grade[0].toUpperCase() + grade.slice(1), rag: ragClass(grade) })),
      // Only the bodies this person may record grades for: a choice the form would refuse is not offered.
      gradedBy: bodiesFor(request, plan.laCode).map((by) => ({ value: by, text: by[0].toUpperCase() + by.slice(1) })),
      meetings: plan.boardMeetings.map((m) => ({ value: m.meetingId, text: `${m.meetingId} (${m.occurredAt.from})` })),
    },
  };
}
