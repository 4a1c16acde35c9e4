import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { authorityStreamId, describeBusinessTime, type FindingsRecordedData } from '@plan-ledger/domain';
import { PLAN_ITEMS_ONLY, type PlanView, type TimelineEntry, type VisitSummary } from '@plan-ledger/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChecksAccessItself } from '../../access/access-rule';
import { requirePermission } from '../../access/principal';
import { principalOf } from '../../access/request-principal';
import { InputRejected, NotFound } from '../../errors/input-rejected';
import { AuthorityQuery, PlanQuery, TimelineQuery, type AuthorityWithPlans } from '../../queries/ledger-queries';
import { daysAgo } from '../date-words';
import { timeTravelOf, withTimeTravel, type TimeTravel } from '../time-travel';
import { WebErrorFilter } from '../web-error.filter';
import { WebPages } from '../web-pages';

/** The same rule as the API's `laCode` argument, so a page and a query refuse the same addresses. */
const LA_CODE = /^\d{3}$/;

const findingsCounts = (findings: readonly FindingsRecordedData[]) => ({
  recommendations: findings.flatMap((f) => f.recommendations),
  areasForPriorityAction: findings.flatMap((f) => f.areasForPriorityAction),
  whatNeedsToImprove: findings.flatMap((f) => f.whatNeedsToImprove),
  strengths: findings.flatMap((f) => f.strengths),
  weaknesses: findings.flatMap((f) => f.weaknesses),
  progressNotes: findings.flatMap((f) => f.progressNotes),
});

/** Where the council stands, in the words of the summary at the top of its page. */
function summaryOf(authority: AuthorityWithPlans): { intervention: string; latestVisit: string } {
  const intervention = authority.currentIntervention;
  const visit = authority.latestMonitoringVisit;
  const days = authority.daysSinceLatestMonitoringVisit;
  return {
    intervention: intervention
      ? `${intervention.kind.charAt(0).toUpperCase()}${intervention.kind.slice(1)} since ${describeBusinessTime(intervention.issued)}`
      : 'None',
    latestVisit: visit
      ? `${visit.number ? `Visit ${visit.number}, ` : ''}${describeBusinessTime(visit.occurredAt)}${days !== null ? ` (${daysAgo(days)})` : ''}`
      : 'None',
  };
}

/** "the priority plan of June 2017": the plan that replaced this one, as the board knows it, by title and date. */
function supersededWords(plan: PlanView, plans: readonly PlanView[]): string | null {
  if (!plan.supersededBy) return null;
  const later = plans.find((other) => other.planId === plan.supersededBy);
  return later ? `${later.title} of ${describeBusinessTime(later.createdAt)}` : plan.supersededBy;
}

/**
 * `/councils/:laCode`: a council's journey in business time, as its improvement board tells it on a slide (inspection,
 * monitoring visits, plans on one line, the dates in the words they were written in), with its inspections, visits,
 * interventions and plans beneath.
 */
@Controller('councils')
@UseFilters(WebErrorFilter)
export class CouncilPage {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly pages: WebPages,
  ) {}

  @Get(':laCode')
  @ChecksAccessItself('read permission for the council named in the address, checked before anything of it is read')
  async show(@Param('laCode') laCode: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!LA_CODE.test(laCode)) throw new InputRejected([{ field: 'laCode', rule: 'must be a three-digit la_code' }]);
    const travel = timeTravelOf(request.query);
    requirePermission(principalOf(request), { kind: 'read' }, laCode);
    const path = `/councils/${laCode}`;
    const frame = {
      path,
      travel,
      breadcrumbs: [{ text: 'Portfolio', href: withTimeTravel('/', travel) }],
    };

    let found: { authority: AuthorityWithPlans; knownAt: string; entries: TimelineEntry[] };
    try {
      const { cut, authority } = await this.queryBus.execute(new AuthorityQuery(laCode, travel));
      const { entries } = await this.queryBus.execute(new TimelineQuery(laCode, {}, travel));
      found = { authority, knownAt: cut.knownAt, entries };
    } catch (error) {
      if (!(error instanceof NotFound) || !(travel.knownAt || travel.asOf)) throw error;
      // Not on record at that cut: if it is now, say so on the page (with the time travel to move on), else not found.
      const { authority } = await this.queryBus.execute(new AuthorityQuery(laCode, {}));
      this.pages.render(
        request,
        reply,
        'council.njk',
        { ...frame, breadcrumbs: [...frame.breadcrumbs, { text: authority.name, href: path }] },
        {
          title: authority.name,
          laCode,
          notYet: true,
        },
      );
      return;
    }

    const { authority, entries } = found;
    const plans = await Promise.all(authority.planIds.map((planId) => this.planOf(planId, travel)));
    const href = (to: string, extra?: Record<string, string | undefined>) => withTimeTravel(to, travel, extra);
    const historyOf = (streamId: string) => href(`/streams/${encodeURIComponent(streamId)}`);
    // The history page opens at the page holding the event, whichever it is.
    const eventOf = (streamId: string, eventId: string) =>
      `${href(`/streams/${encodeURIComponent(streamId)}`, { event: eventId })}#event-${eventId}`;

    this.pages.render(
      request,
      reply,
      'council.njk',
      { ...frame, breadcrumbs: [...frame.breadcrumbs, { text: authority.name, href: href(path) }] },
      {
        title: authority.name,
        laCode,
        authority,
        knownAt: found.knownAt,
        summary: summaryOf(authority),
        journey: entries.map((entry) => ({
          ...entry,
          historyHref: eventOf(entry.streamId, entry.eventId),
          planHref:
            entry.kind === 'plan' && entry.streamId.startsWith('plan-')
              ? href(`/plans/${encodeURIComponent(entry.streamId.slice(5))}`)
              : null,
        })),
        inspections: authority.inspections.map((inspection) => ({
          ...inspection,
          when: describeBusinessTime(inspection.occurredAt),
          findings: findingsCounts(inspection.findings),
          historyHref: eventOf(authorityStreamId(laCode), inspection.eventId),
        })),
        visits: authority.visits.map((visit) => this.visitRow(visit, laCode, eventOf)),
        interventions: authority.interventions.map((intervention) => ({
          ...intervention,
          issuedWords: describeBusinessTime(intervention.issued),
          liftedWords: intervention.lifted ? describeBusinessTime(intervention.lifted) : null,
        })),
        plans: plans.map((plan) => ({
          ...plan,
          createdWords: describeBusinessTime(plan.createdAt),
          supersededByWords: supersededWords(plan, plans),
          href: href(`/plans/${encodeURIComponent(plan.planId)}`),
          historyHref: historyOf(`plan-${plan.planId}`),
        })),
        historyHref: historyOf(authorityStreamId(laCode)),
        importHref: href(`${path}/import`),
      },
    );
  }

  private visitRow(visit: VisitSummary, laCode: string, eventOf: (streamId: string, eventId: string) => string) {
    return {
      ...visit,
      when: describeBusinessTime(visit.occurredAt),
      findings: findingsCounts(visit.findings),
      historyHref: eventOf(authorityStreamId(laCode), visit.eventId),
    };
  }

  /** A plan as it stood at the page's cut: the same question the plan page asks. */
  private async planOf(planId: string, travel: TimeTravel): Promise<PlanView> {
    const { plan } = await this.queryBus.execute(new PlanQuery(planId, travel, PLAN_ITEMS_ONLY));
    return plan;
  }
}
