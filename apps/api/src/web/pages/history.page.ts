import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { describeBusinessTime } from '@plan-ledger/domain';
import type { RecordedEvent } from '@plan-ledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../../access/access-rule';
import { requirePermission, type Principal } from '../../access/principal';
import { principalOf } from '../../access/request-principal';
import { InputRejected, NotFound } from '../../errors/input-rejected';
import { HistoryQuery } from '../../queries/ledger-queries';
import { correctionsOf, eventTypeInWords, fieldInWords, valueInWords, type CorrectionDone } from '../journey-history';
import { timeTravelOf, withTimeTravel, type TimeTravel } from '../time-travel';
import { WebErrorFilter } from '../web-error.filter';
import { WebPages } from '../web-pages';

const PAGE_SIZE = 50;

/** The same rule as the API's `history(streamId:)`, so the page and the query refuse the same streams. */
const STREAM_ID = /^(authority-\d{3}|plan-[A-Za-z0-9][A-Za-z0-9._-]{0,99}|access|notary)$/;
const STREAM_RULE =
  "must be authority-<la_code>, plan-<planId>, access (the grants of access) or notary (the clearing of the notary's alarms)";

const PRECISION_WORDS: Record<string, string> = { day: 'to the day', month: 'to the month', year: 'to the year' };

interface HistoryPaging {
  /** The revision after which the page starts, as the API's cursor. */
  readonly after?: number;
  /** An event to show: the page holding it is shown. */
  readonly event?: string;
}

function pagingOf(query: Record<string, unknown>): HistoryPaging {
  const problems: { field: string; rule: string }[] = [];
  const one = (name: string, pattern: RegExp, rule: string): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string' || !pattern.test(value)) {
      problems.push({ field: name, rule });
      return undefined;
    }
    return value;
  };
  const after = one('after', /^\d{1,12}$/, 'must be a cursor from an earlier page');
  const event = one('event', /^[A-Za-z0-9-]{1,64}$/, 'must be an event id');
  if (problems.length > 0) throw new InputRejected(problems);
  return { after: after === undefined ? undefined : Number(after), event };
}

/** What the stream is the record of, named from its first event: the council's name, the plan's title. */
function subjectOf(streamId: string, first: RecordedEvent | undefined): string {
  if (streamId === 'access') return 'Grants of access';
  if (streamId === 'notary') return "The notary's alarms";
  const data: Readonly<Record<string, unknown>> = first?.data ?? {};
  const name = typeof data.name === 'string' ? data.name : typeof data.title === 'string' ? data.title : undefined;
  return name ?? streamId;
}

/**
 * `/streams/:streamId`: a stream's events exactly as recorded, each with when it happened and when it was recorded,
 * who recorded it and from what, and what corrected it and why; with "as known at", the stream as it stood then.
 */
@Controller('streams')
@UseFilters(WebErrorFilter)
export class HistoryPage {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly pages: WebPages,
  ) {}

  @Get(':streamId')
  @ChecksAccessItself("a stream's councils are known once it is read: read for each, or audit for the access stream")
  async show(@Param('streamId') streamId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!STREAM_ID.test(streamId)) throw new InputRejected([{ field: 'streamId', rule: STREAM_RULE }]);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const travel = timeTravelOf(query);
    const paging = pagingOf(query);
    const principal = principalOf(request);
    // An authority stream names its council: refused before anything is read, so its existence is not told either.
    if (streamId.startsWith('authority-')) requirePermission(principal, { kind: 'read' }, streamId.slice('authority-'.length));
    const path = `/streams/${streamId}`;

    let answer;
    try {
      // The whole stream (the handler reads it whole in any case): a correction's reason and what it changed are shown
      // beside the event it corrects, which may be on another page.
      answer = await this.queryBus.execute(new HistoryQuery(streamId, Number.MAX_SAFE_INTEGER, undefined, travel.knownAt));
    } catch (error) {
      if (!(error instanceof NotFound) || !travel.knownAt) throw error;
      return this.notYet(request, reply, streamId, travel);
    }
    const { cut, events, correctedBy, totalCount, councils } = answer;
    this.checkAccess(principal, councils);
    if (events.length === 0 && travel.knownAt) return this.notYet(request, reply, streamId, travel);

    const revisionOf = new Map(events.map((event, index) => [event.eventId, index]));
    let start = paging.after === undefined ? 0 : paging.after + 1;
    if (paging.event !== undefined) {
      const revision = revisionOf.get(paging.event);
      if (revision === undefined) throw new NotFound(`event ${paging.event} in stream ${streamId}`);
      start = Math.floor(revision / PAGE_SIZE) * PAGE_SIZE;
    }
    const shown = events.slice(start, start + PAGE_SIZE);
    const shownIds = new Set(shown.map((event) => event.eventId));
    const eventHref = (eventId: string): string => {
      if (shownIds.has(eventId)) return `#event-${eventId}`;
      const revision = revisionOf.get(eventId) ?? 0;
      const pageStart = Math.floor(revision / PAGE_SIZE) * PAGE_SIZE;
      return `${withTimeTravel(path, travel, { after: pageStart > 0 ? String(pageStart - 1) : undefined })}#event-${eventId}`;
    };
    const corrections = correctionsOf(events);
    const subject = subjectOf(streamId, events[0]);
    const rows = shown.map((event) => this.rowOf(event, correctedBy.get(event.eventId) ?? [], corrections, eventHref, revisionOf));
    const pageStartAt = (s: number) => (s > 0 ? String(s - 1) : undefined);

    this.pages.render(request, reply, 'history.njk', this.frameOf(path, travel, councils, subject), {
      title: `History of ${subject}`,
      streamId,
      planHref: streamId.startsWith('plan-') ? withTimeTravel(`/plans/${streamId.slice('plan-'.length)}`, travel) : null,
      rows,
      totalCount,
      knownAt: cut.knownAt,
      from: shown.length ? start + 1 : 0,
      to: start + shown.length,
      previous: start > 0 ? withTimeTravel(path, travel, { after: pageStartAt(Math.max(0, start - PAGE_SIZE)) }) : null,
      next: start + PAGE_SIZE < totalCount ? withTimeTravel(path, travel, { after: String(start + PAGE_SIZE - 1) }) : null,
    });
  }

  /**
   * A stream on record now but not as known at the time asked: the page says so, under the stream's name as it is now
   * (the only name there is), with the time travel to move forward. Unknown now as well, it is not found.
   */
  private async notYet(request: FastifyRequest, reply: FastifyReply, streamId: string, travel: TimeTravel): Promise<void> {
    const now = await this.queryBus.execute(new HistoryQuery(streamId, 1, undefined, undefined));
    this.checkAccess(principalOf(request), now.councils);
    const subject = subjectOf(streamId, now.events[0]);
    this.pages.render(request, reply, 'history.njk', this.frameOf(`/streams/${streamId}`, travel, now.councils, subject), {
      title: `History of ${subject}`,
      streamId,
      notYet: true,
    });
  }

  /** As the API's `history`: a council's streams are its readers'; any other (the access stream) is the auditors'. */
  private checkAccess(principal: Principal, councils: readonly string[] | undefined): void {
    if (councils === undefined || councils.length === 0) requirePermission(principal, { kind: 'audit' });
    else for (const council of councils) requirePermission(principal, { kind: 'read' }, council);
  }

  private frameOf(path: string, travel: TimeTravel, councils: readonly string[] | undefined, subject: string) {
    const council = councils?.length === 1 ? councils[0] : undefined;
    return {
      path,
      travel,
      breadcrumbs: [
        { text: 'Portfolio', href: withTimeTravel('/', travel) },
        // An authority stream's subject is the council's name; a plan's council is named by its code.
        ...(council
          ? [
              {
                text: path.startsWith('/streams/authority-') ? subject : `Council ${council}`,
                href: withTimeTravel(`/councils/${council}`, travel),
              },
            ]
          : []),
        { text: `History of ${subject}`, href: withTimeTravel(path, travel) },
      ],
    };
  }

  private rowOf(
    event: RecordedEvent,
    correctedBy: readonly string[],
    corrections: ReadonlyMap<string, CorrectionDone>,
    eventHref: (eventId: string) => string,
    revisionOf: ReadonlyMap<string, number>,
  ) {
    const { occurredAt, actor, source } = event.metadata;
    const done = corrections.get(event.eventId);
    const data: Readonly<Record<string, unknown>> = event.data;
    return {
      eventId: event.eventId,
      revision: event.revision.toString(),
      position: event.position.toString(),
      type: event.type,
      typeWords: eventTypeInWords(event.type),
      occurred: describeBusinessTime(occurredAt),
      precision: PRECISION_WORDS[occurredAt.precision] ?? occurredAt.precision,
      recordedAt: event.recordedAt,
      actor: { name: actor.displayName ?? actor.id, id: actor.id, role: actor.role, council: actor.council ?? null },
      source: source
        ? { title: source.title, url: typeof source.url === 'string' && /^https?:\/\//.test(source.url) ? source.url : null }
        : null,
      fields: done ? [] : Object.entries(data).map(([field, value]) => ({ field: fieldInWords(field), value: valueInWords(value) })),
      correctedBy: correctedBy.map((id) => {
        const by = corrections.get(id);
        return {
          href: eventHref(id),
          kind: by?.kind ?? 'corrected',
          reason: by?.reason ?? '',
          revision: revisionOf.get(id) ?? null,
          changes: by?.changes ?? [],
        };
      }),
      corrects: done ? { ...done, href: eventHref(done.targetId), revision: revisionOf.get(done.targetId) ?? null } : null,
    };
  }
}
