import { Controller, Get, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { authorise, authorityStreamId, planStreamId } from '@plan-ledger/domain';
import type { Notary } from '@plan-ledger/notary';
import { changesRecorded } from '@plan-ledger/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../../access/access-rule';
import { principalOf } from '../../access/request-principal';
import { InputRejected } from '../../errors/input-rejected';
import { LedgerReader } from '../../ledger/ledger-reader';
import { NOTARY } from '../../notary/notary.module';
import { PdfPrinter } from '../pdf/pdf-printer';
import { timeTravelOf, withTimeTravel, type TimeTravel } from '../time-travel';
import { WebErrorFilter } from '../web-error.filter';
import { WebPages } from '../web-pages';
import { readPlan } from './plan.page';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `since` of the query string: a real date, or absent (then the last board meeting's). */
function sinceOf(query: unknown): string | undefined {
  const value = ((query ?? {}) as Record<string, unknown>).since;
  if (value === undefined || value === '') return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  const date = new Date(`${text}T00:00:00Z`);
  if (!DATE.test(text) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text)
    throw new InputRejected([{ field: 'since', rule: 'must be a real date, like 2018-03-14' }]);
  return text;
}

/** A business date of any precision ("2018", "2018-01", "2018-01-15") as the first day it can mean. */
const firstDay = (from: string): string => (from.length === 4 ? `${from}-01-01` : from.length === 7 ? `${from}-01` : from.slice(0, 10));

/**
 * The board pack of a plan: what changed since the last meeting, the grades, the overdue actions, the indicators, and
 * a checkpoint slip for the minutes. As a page to print, and as a PDF printed from that page by headless Chromium.
 */
@Controller('plans')
@UseFilters(WebErrorFilter)
export class BoardPackPage {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly reader: LedgerReader,
    private readonly pages: WebPages,
    private readonly printer: PdfPrinter,
    @Inject(NOTARY) private readonly notary: Notary,
  ) {}

  @Get(':planId/board-pack')
  @ChecksAccessItself("a plan's council is known once the plan is read")
  async show(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const travel = timeTravelOf(request.query);
    const pack = await this.pack(request, planId, travel, sinceOf(request.query));
    const base = `/plans/${encodeURIComponent(pack.plan.planId)}`;
    this.pages.render(
      request,
      reply,
      'board-pack.njk',
      {
        path: `${base}/board-pack`,
        travel,
        breadcrumbs: [
          { text: 'Portfolio', href: withTimeTravel('/', travel) },
          { text: pack.councilName, href: withTimeTravel(`/councils/${encodeURIComponent(pack.plan.laCode)}`, travel) },
          { text: pack.plan.title, href: withTimeTravel(base, travel) },
        ],
      },
      {
        ...pack,
        title: `Board pack: ${pack.plan.title}`,
        keep: pack.sinceAsked ? { since: pack.since } : {},
        pdfHref: withTimeTravel(`${base}/board-pack.pdf`, travel, { since: pack.sinceAsked ? pack.since : undefined }),
        planHref: withTimeTravel(base, travel),
      },
    );
  }

  @Get(':planId/board-pack.pdf')
  @ChecksAccessItself("a plan's council is known once the plan is read")
  async pdf(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const travel = timeTravelOf(request.query);
    const since = sinceOf(request.query);
    // Read and checked here first, so a wrong plan, date or role is answered as a page, before any browser starts.
    const pack = await this.pack(request, planId, travel, since);
    const path = withTimeTravel(`/plans/${encodeURIComponent(pack.plan.planId)}/board-pack`, travel, { since: pack.since });
    const pdf = await this.printer.print(request, path);
    void reply
      .status(200)
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="board-pack-${pack.plan.planId}-${pack.cut.knownAt.slice(0, 10)}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  }

  private async pack(request: FastifyRequest, planId: string, travel: TimeTravel, asked: string | undefined) {
    const reading = await readPlan(this.queryBus, request, planId, travel);
    const { plan, cut } = reading;
    const lastMeeting = [...plan.boardMeetings].sort((a, b) => a.occurredAt.from.localeCompare(b.occurredAt.from)).at(-1);
    const since = asked ?? firstDay(lastMeeting?.occurredAt.from ?? plan.createdAt.from);
    // As GraphQL's changesSince: what was entered or corrected for the council and its plans, kept to this plan's stream
    // and the council's own record (another plan of the council has its own pack).
    const streams = new Set([planStreamId(plan.planId), authorityStreamId(plan.laCode)]);
    const changes = changesRecorded(
      await this.reader.authorityEvents(plan.laCode, cut.knownAt),
      `${since}T00:00:00.000Z`,
      cut.knownAt,
      plan.laCode,
    )
      .filter((change) => streams.has(change.streamId))
      .map((change) => ({ ...change, ofPlan: change.streamId === planStreamId(plan.planId) }));
    return {
      ...reading,
      since,
      sinceAsked: asked !== undefined,
      sinceWhy:
        asked !== undefined ? 'as asked' : lastMeeting ? 'the last board meeting' : 'the plan was created (no board meeting is recorded)',
      planChanges: changes.filter((c) => c.ofPlan),
      councilChanges: changes.filter((c) => !c.ofPlan),
      // The pack shows the latest of a long history; the plan's page has the rest.
      showAllHref: withTimeTravel(`/plans/${encodeURIComponent(plan.planId)}`, travel, { show: 'all' }),
      slip: this.slip(request, travel),
    };
  }

  /**
   * What the minutes keep so the log can be checked later (`ledger verify <bundle> --checkpoint <note>`): the latest
   * checkpoint signed by the cut, and the key it verifies with. Shown to those who may read the notary's checkpoints.
   */
  private slip(request: FastifyRequest, travel: TimeTravel) {
    if (!authorise(principalOf(request).roles, { kind: 'notary' }).allowed) return { allowed: false as const };
    const signed = this.notary.checkpoints.filter((c) => !travel.knownAt || c.time <= travel.knownAt).at(-1);
    return {
      allowed: true as const,
      verifierKey: this.notary.publicKey,
      alarms: [...this.notary.alarms],
      checkpoint: signed && {
        origin: signed.origin,
        size: signed.size.toString(),
        rootHash: signed.rootHash.toString('base64'),
        time: signed.time,
        note: signed.note,
      },
    };
  }
}
