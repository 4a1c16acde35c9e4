import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../../access/access-rule';
import { principalOf } from '../../access/request-principal';
import { InputRejected } from '../../errors/input-rejected';
import { CommandRecorder } from '../../graphql/command-recorder';
import { CorrectEventInput } from '../../graphql/inputs/correction-inputs';
import { WebErrorFilter } from '../web-error.filter';
import { EntryFormReader, shownValue, type EntryForForm } from './entry-form-reader';
import { FormFlow, type FormPage, type FormState } from './form-flow';
import { dateOf, given, validatedInput } from './form-input';
import type { FieldMap } from './form-view';
import { recordedAt } from './recorded-notice';

/** Each data field of the entry is a form field `field-<name>`; the problems about `changes.<name>` are shown there. */
function fieldsOf(entry: EntryForForm): FieldMap {
  const names = Object.keys(entry.current);
  return {
    ...Object.fromEntries(names.map((name) => [`changes.${name}`, { id: `field-${name}`, label: name }])),
    changes: { id: names.length ? `field-${names[0]}` : 'reason', label: 'The changes' },
    newOccurredAt: { id: 'newDate-day', label: 'When it happened' },
    reason: { id: 'reason', label: 'Reason' },
    eventId: { id: 'reason', label: 'The entry' },
    streamId: { id: 'reason', label: 'The entry' },
  };
}

/**
 * `/streams/:streamId/events/:eventId/correct`: new values for some fields of an entry, with the reason, the
 * correctEvent command. The entry itself is never edited: the correction is recorded beside it, and shown from → to.
 */
@Controller('streams/:streamId/events/:eventId/correct')
@UseFilters(WebErrorFilter)
export class CorrectEntryFormPage {
  constructor(
    private readonly entries: EntryFormReader,
    private readonly flow: FormFlow,
    private readonly recorder: CommandRecorder,
  ) {}

  @Get()
  @ChecksAccessItself("the stream's councils are known once it is read; reading each is checked, as GraphQL's history checks it")
  async show(
    @Param('streamId') streamId: string,
    @Param('eventId') eventId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const entry = await this.entries.open(request, streamId, eventId);
    const values = Object.fromEntries(Object.entries(entry.current).map(([name, value]) => [`field-${name}`, shownValue(value)]));
    this.flow.show(request, reply, pageOf(entry), this.flow.fresh(values, entry.revision));
  }

  @Post()
  @ChecksAccessItself('the command handler checks the role for the council of the entry, as for the correctEvent mutation')
  async record(
    @Param('streamId') streamId: string,
    @Param('eventId') eventId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const state = this.flow.posted(request);
    const entry = await this.entries.open(request, streamId, eventId);
    await this.flow.submit(
      request,
      reply,
      pageOf(entry),
      state,
      { map: fieldsOf(entry), fallback: { id: 'reason', label: 'The entry' } },
      async () => {
        const input = await validatedInput(CorrectEventInput, inputOf(entry, state));
        await this.recorder.record(principalOf(request), entry.kind, 'CorrectEvent', input, entry.key, ['streamId']);
      },
      recordedAt(`/streams/${encodeURIComponent(streamId)}`, 'correction'),
    );
  }
}

/**
 * The changes are the fields whose text differs from what the entry holds now: text fields as typed, the others read
 * as JSON (as shown), so a list or a number is corrected in the form it was recorded.
 */
function inputOf(entry: EntryForForm, state: FormState): Record<string, unknown> {
  const { values } = state;
  const changes: Record<string, unknown> = {};
  const problems: { field: string; rule: string }[] = [];
  for (const [name, value] of Object.entries(entry.current)) {
    const typed = values[`field-${name}`];
    if (typed === undefined || typed === shownValue(value).trim()) continue;
    if (typeof value === 'string') changes[name] = typed;
    else {
      try {
        changes[name] = JSON.parse(typed);
      } catch {
        problems.push({ field: `changes.${name}`, rule: `must be written as shown: ${typeof value === 'number' ? 'a number' : 'JSON'}` });
      }
    }
  }
  if (problems.length > 0) throw new InputRejected(problems);
  const newDate = dateOf(values, 'newDate');
  return {
    streamId: entry.streamId,
    eventId: entry.event.eventId,
    changes,
    newOccurredAt: newDate === undefined ? undefined : { from: newDate, precision: 'day' },
    reason: values.reason ?? '',
    commandId: given(state.commandId),
    expectedRevision: given(state.expectedRevision),
  };
}

function pageOf(entry: EntryForForm): FormPage {
  const streamPath = `/streams/${encodeURIComponent(entry.streamId)}`;
  return {
    template: 'forms/correct-entry.njk',
    title: 'Correct an entry',
    path: `${streamPath}/events/${encodeURIComponent(entry.event.eventId)}/correct`,
    breadcrumbs: [
      { text: 'Portfolio', href: '/' },
      { text: `History of ${entry.streamId}`, href: streamPath },
    ],
    record: 'this record',
    context: {
      entry,
      fields: Object.entries(entry.current).map(([name, value]) => {
        const shown = shownValue(value);
        return { name, id: `field-${name}`, long: shown.length > 80 || shown.includes('\n') || typeof value !== 'string' };
      }),
      retractHref: `${streamPath}/events/${encodeURIComponent(entry.event.eventId)}/retract`,
    },
  };
}
