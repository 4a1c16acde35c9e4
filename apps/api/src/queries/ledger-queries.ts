import { Query } from '@nestjs/cqrs';
import type { RecordedEvent } from '@plan-ledger/event-store';
import type {
  AuthorityView,
  IndicatorView,
  PlanGrading,
  VisitSummary,
  PlanView,
  TimelineEntry,
  TimelineKind,
  UnreadableEntry,
} from '@plan-ledger/projections';
import { WHOLE_PLAN, type PlanParts } from '@plan-ledger/projections';
import type { StreamUnreadable } from '../errors/stream-unreadable';
import type { ResolvedCut } from '../ledger/ledger-reader';
import type { PageArgs } from './relay-page';

export interface CutRequest {
  readonly knownAt?: string;
  readonly asOf?: string;
}

export type AuthorityWithPlans = AuthorityView & {
  readonly planIds: readonly string[];
  /** Stored events of the council's streams that no view can read, set aside from the answer and named here. */
  readonly unreadable: readonly UnreadableEntry[];
  /** The latest monitoring visit, and the days since its last day, at the cut's business date. */
  readonly latestMonitoringVisit: VisitSummary | null;
  readonly daysSinceLatestMonitoringVisit: number | null;
};

export class AuthorityQuery extends Query<{ cut: ResolvedCut; authority: AuthorityWithPlans }> {
  constructor(
    readonly laCode: string,
    readonly at: CutRequest,
  ) {
    super();
  }
}

export interface AuthoritiesFilter {
  readonly region?: string;
  readonly latestJudgement?: string;
  readonly underIntervention?: boolean;
}

export class AuthoritiesQuery extends Query<{
  cut: ResolvedCut;
  page: AuthorityWithPlans[];
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Councils whose streams could not be folded at all: named, while every other council is answered. */
  failed: StreamUnreadable[];
}> {
  constructor(
    readonly filter: AuthoritiesFilter,
    readonly paging: PageArgs,
    readonly at: CutRequest,
    /** The councils the asker may read: the others are left out before anything of theirs is read. */
    readonly readable: 'all' | ReadonlySet<string>,
    /**
     * `headline`: the asker wants no history (inspections, visits, interventions, appointments, reviews): from the read
     * model these come back empty, and each council's summary is read instead of its document.
     */
    readonly detail: AuthorityDetail = 'whole',
  ) {
    super();
  }
}

/** How much of each council an answer needs: all of it, or its headline (no histories). */
export type AuthorityDetail = 'whole' | 'headline';

export class PlanQuery extends Query<{ cut: ResolvedCut; plan: PlanView; unreadable: readonly UnreadableEntry[] }> {
  constructor(
    readonly planId: string,
    readonly at: CutRequest,
    /** What the asker will show: from the read model, the parts left out are not read (a fold reads them anyway). */
    readonly parts: PlanParts = WHOLE_PLAN,
  ) {
    super();
  }
}

export class TimelineQuery extends Query<{ cut: ResolvedCut; entries: TimelineEntry[] }> {
  constructor(
    readonly laCode: string,
    readonly range: { from?: string; to?: string; kinds?: TimelineKind[] },
    readonly at: CutRequest,
  ) {
    super();
  }
}

export class HistoryQuery extends Query<{
  cut: ResolvedCut;
  events: RecordedEvent[];
  correctedBy: Map<string, string[]>;
  totalCount: number;
  hasNextPage: boolean;
  /** Whose records the stream holds: the councils of an authority or plan stream; undefined for any other (the access stream). */
  councils: readonly string[] | undefined;
}> {
  constructor(
    readonly streamId: string,
    readonly first: number,
    readonly after: string | undefined,
    readonly knownAt: string | undefined,
  ) {
    super();
  }
}

/**
 * Every grading of a plan, its priorities and actions at the cut, in the order a history shows them (oldest first by
 * business time): from the read model's grading rows, or folded from the plan's stream for an `asOf` cut or a model not
 * there yet. `laCode` is the plan's council, for the caller's access check. `at` may be a cut another query already
 * resolved, so that a page reads the plan and its grades at one cut.
 */
export class PlanGradingsQuery extends Query<{ cut: ResolvedCut; laCode: string; gradings: PlanGrading[] }> {
  constructor(
    readonly planId: string,
    readonly at: CutRequest | ResolvedCut,
  ) {
    super();
  }
}

export class IndicatorSeriesQuery extends Query<{ cut: ResolvedCut; indicators: IndicatorView[] }> {
  constructor(
    readonly laCode: string,
    readonly indicatorIds: string[] | undefined,
    readonly at: CutRequest,
  ) {
    super();
  }
}
