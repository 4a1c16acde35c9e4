import { randomUUID } from 'node:crypto';
import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@plan-ledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CLOCK } from '../../event-store/event-store.tokens';
import { WebPages } from '../web-pages';
import { CSRF_FIELD, csrfTokenValid, issueCsrfToken } from './csrf';
import { formRefusalOf } from './form-problems';
import { formErrorsOf, NO_ERRORS, type FieldMap, type FormErrors, type FormField } from './form-view';
import { formFieldsOf } from './form-input';

/** A form page: its template, title and own address (where it posts, and what "open it again" reloads). */
export interface FormPage {
  readonly template: string;
  readonly title: string;
  readonly path: string;
  readonly breadcrumbs: readonly { text: string; href: string }[];
  /** What the record is called in the conflict message: "this plan", "this council's record". */
  readonly record: string;
  /** What the template needs besides the form (the plan, its priorities to choose from). */
  readonly context: object;
}

/**
 * A form as shown: what the person typed, and the envelope that makes a write safe to repeat and safe against others'
 * changes: the commandId chosen when the form was first shown (a second submit of it records nothing more) and the
 * stream revision the form was drawn from (a write after someone else's is refused as a conflict).
 */
export interface FormState {
  readonly values: Readonly<Record<string, string>>;
  readonly commandId: string;
  readonly expectedRevision: string;
}

const ENVELOPE = new Set([CSRF_FIELD, 'commandId', 'expectedRevision']);

/** Showing a form, reading one posted, and recording it: the same steps for every form of the service. */
@Injectable()
export class FormFlow {
  constructor(
    private readonly pages: WebPages,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The service's date (its clock, as the commands' default business date): what a form's date starts as. */
  today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  fresh(values: Record<string, string>, expectedRevision: string): FormState {
    return { values, commandId: randomUUID(), expectedRevision };
  }

  show(request: FastifyRequest, reply: FastifyReply, page: FormPage, state: FormState, errors: FormErrors = NO_ERRORS, status = 200): void {
    this.render(request, reply, page, state, errors, false, status);
  }

  /**
   * The posted form, once its CSRF token is found to be this browser's for this person: anything else is refused
   * before a field is read, so a form posted from another site records nothing.
   */
  posted(request: FastifyRequest): FormState {
    const fields = formFieldsOf(request.body);
    if (!csrfTokenValid(request, fields[CSRF_FIELD])) throw csrfRefusal();
    const values = Object.fromEntries(Object.entries(fields).filter(([name]) => !ENVELOPE.has(name)));
    return { values, commandId: fields.commandId ?? '', expectedRevision: fields.expectedRevision ?? '' };
  }

  /**
   * Runs the write; on success sends the browser on with 303 (so reloading the next page does not post again). A
   * refusal about what was typed shows the form again as typed, with the error summary and each field's message;
   * a conflict says someone changed the record since the form was opened. Anything else goes to the error page.
   */
  async submit(
    request: FastifyRequest,
    reply: FastifyReply,
    page: FormPage,
    state: FormState,
    fields: { readonly map: FieldMap; readonly fallback: FormField },
    write: () => Promise<unknown>,
    next: string,
  ): Promise<void> {
    try {
      await write();
    } catch (error) {
      const refusal = formRefusalOf(error);
      if (!refusal) throw error;
      if (refusal.kind === 'conflict') return this.render(request, reply, page, state, NO_ERRORS, true, 409);
      return this.render(request, reply, page, state, formErrorsOf(refusal.problems, fields.map, fields.fallback), false, 400);
    }
    void reply.redirect(next, 303);
  }

  private render(
    request: FastifyRequest,
    reply: FastifyReply,
    page: FormPage,
    state: FormState,
    errors: FormErrors,
    conflict: boolean,
    status: number,
  ): void {
    const csrfToken = issueCsrfToken(request, reply);
    const errorSummary = conflict
      ? [{ text: `Someone changed ${page.record} since you opened the form: open the form again to see it as it is now`, href: page.path }]
      : errors.errorSummary;
    this.pages.render(
      request,
      reply,
      page.template,
      { path: page.path, breadcrumbs: page.breadcrumbs },
      {
        ...page.context,
        title: page.title,
        showTimeTravel: false,
        values: state.values,
        errors: errors.errors,
        errorSummary,
        conflict,
        record: page.record,
        form: { action: page.path, csrfField: CSRF_FIELD, csrfToken, commandId: state.commandId, expectedRevision: state.expectedRevision },
      },
      status,
    );
  }
}

export function csrfRefusal(): ForbiddenException {
  return new ForbiddenException(
    'This form did not come from this service for you, or it is too old: nothing was recorded. Open the form again and send it from there.',
  );
}
