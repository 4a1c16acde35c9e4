import { Injectable, NotFoundException } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { RecordedEvent } from '@plan-ledger/event-store';
import type { FastifyRequest } from 'fastify';
import { requirePermission } from '../../access/principal';
import { principalOf } from '../../access/request-principal';
import { InputRejected } from '../../errors/input-rejected';
import { LedgerReader } from '../../ledger/ledger-reader';
import { HistoryQuery } from '../../queries/ledger-queries';

const STREAM = /^(authority-\d{3}|plan-[A-Za-z0-9][A-Za-z0-9._-]{0,99})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EntryForForm {
  readonly streamId: string;
  readonly kind: 'authority' | 'plan';
  /** The la_code or planId: the stream's key, as the command names it. */
  readonly key: string;
  readonly event: RecordedEvent;
  /** Its data as it stands: the fields of each correction of it laid over what was recorded, oldest first. */
  readonly current: Readonly<Record<string, unknown>>;
  readonly corrections: readonly { reason: string; changes: Readonly<Record<string, unknown>> }[];
  readonly retracted: boolean;
  /** The stream's revision, read before its events: a change in between is then a conflict, never overwritten. */
  readonly revision: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An entry of a council's or a plan's stream, read through the history query and checked as GraphQL's history is. */
@Injectable()
export class EntryFormReader {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly reader: LedgerReader,
  ) {}

  async open(request: FastifyRequest, streamId: string, eventId: string): Promise<EntryForForm> {
    const problems = [
      ...(STREAM.test(streamId) ? [] : [{ field: 'streamId', rule: 'must be authority-<la_code> or plan-<planId>' }]),
      ...(UUID.test(eventId) ? [] : [{ field: 'eventId', rule: 'must be an event id (a UUID)' }]),
    ];
    if (problems.length > 0) throw new InputRejected(problems);
    const revision = await this.reader.streamRevision(streamId, await this.reader.resolveCut());
    const { events, councils } = await this.queryBus.execute(new HistoryQuery(streamId, Number.MAX_SAFE_INTEGER, undefined, undefined));
    const principal = principalOf(request);
    for (const council of councils ?? []) requirePermission(principal, { kind: 'read' }, council);
    const event = events.find((candidate) => candidate.eventId === eventId);
    if (!event) throw new NotFoundException(`no event ${eventId} in ${streamId}`);
    let current: Record<string, unknown> = { ...event.data };
    const corrections: { reason: string; changes: Record<string, unknown> }[] = [];
    let retracted = false;
    for (const later of events) {
      if (later.type === 'EventCorrected' && later.data.correctedEventId === eventId && isRecord(later.data.changes)) {
        current = { ...current, ...later.data.changes };
        corrections.push({ reason: String(later.data.reason ?? ''), changes: later.data.changes });
      }
      if (later.type === 'EventRetracted' && later.data.retractedEventId === eventId) retracted = true;
    }
    const [kind, ...rest] = streamId.split('-');
    return {
      streamId,
      kind: kind === 'authority' ? 'authority' : 'plan',
      key: rest.join('-'),
      event,
      current,
      corrections,
      retracted,
      revision: revision.toString(),
    };
  }
}

/** A field's value as the correction form shows it: text as it is, anything else (numbers, lists, objects) as JSON. */
export function shownValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
