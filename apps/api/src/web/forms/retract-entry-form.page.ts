import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../../access/access-rule';
import { principalOf } from '../../access/request-principal';
import { CommandRecorder } from '../../graphql/command-recorder';
import { RetractEventInput } from '../../graphql/inputs/correction-inputs';
import { WebErrorFilter } from '../web-error.filter';
import { EntryFormReader, shownValue, type EntryForForm } from './entry-form-reader';
import { FormFlow, type FormPage, type FormState } from './form-flow';
import { given, validatedInput } from './form-input';
import type { FieldMap } from './form-view';
import { recordedAt } from './recorded-notice';

const FIELDS: FieldMap = {
  reason: { id: 'reason', label: 'Reason' },
  eventId: { id: 'reason', label: 'The entry' },
  streamId: { id: 'reason', label: 'The entry' },
};

/**
 * `/streams/:streamId/events/:eventId/retract`: an entry that should never have been recorded, with the reason, the
 * retractEvent command. It stays in the log, marked retracted, and no view counts it any more.
 */
@Controller('streams/:streamId/events/:eventId/retract')
@UseFilters(WebErrorFilter)
export class RetractEntryFormPage {
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
    this.flow.show(request, reply, pageOf(entry), this.flow.fresh({}, entry.revision));
  }

  @Post()
  @ChecksAccessItself('the command handler checks the role for the council of the entry, as for the retractEvent mutation')
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
      { map: FIELDS, fallback: FIELDS.reason },
      async () => {
        const input = await validatedInput(RetractEventInput, inputOf(entry, state));
        await this.recorder.record(principalOf(request), entry.kind, 'RetractEvent', input, entry.key, ['streamId']);
      },
      recordedAt(`/streams/${encodeURIComponent(streamId)}`, 'retraction'),
    );
  }
}

function inputOf(entry: EntryForForm, state: FormState): Record<string, unknown> {
  return {
    streamId: entry.streamId,
    eventId: entry.event.eventId,
    reason: state.values.reason ?? '',
    commandId: given(state.commandId),
    expectedRevision: given(state.expectedRevision),
  };
}

function pageOf(entry: EntryForForm): FormPage {
  const streamPath = `/streams/${encodeURIComponent(entry.streamId)}`;
  return {
    template: 'forms/retract-entry.njk',
    title: 'Retract an entry',
    path: `${streamPath}/events/${encodeURIComponent(entry.event.eventId)}/retract`,
    breadcrumbs: [
      { text: 'Portfolio', href: '/' },
      { text: `History of ${entry.streamId}`, href: streamPath },
    ],
    record: 'this record',
    context: { entry, rows: Object.entries(entry.current).map(([name, value]) => ({ name, value: shownValue(value) })) },
  };
}
