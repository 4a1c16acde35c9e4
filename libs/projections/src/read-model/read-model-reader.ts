import type Database from 'better-sqlite3';
import { inGradeOrder, type PlanGrading } from '../grade-history';
import type { PlanView } from '../plan-view';
import type { PlacedLine, TimelineEntry } from '../timeline';
import type { UnreadableEntry } from '../unreadable-entry';
import { assemblePlan, type StoredPlanItem } from './plan-items';
import { WHOLE_PLAN, type PlanParts } from './plan-parts';
import type { AuthorityDoc, AuthoritySummaryDoc } from './read-model-projector';

/** A plan as the portfolio lists it: where it belongs, and its place among the council's plans. */
export interface PlanRef {
  readonly planId: string;
  readonly laCode: string;
  /** The plan's header as at the position (PlanView without its items). */
  readonly header: Omit<PlanView, 'priorities' | 'actions' | 'latestPlanGrade' | 'indicators' | 'boardMeetings'>;
}

export interface CouncilRow {
  readonly laCode: string;
  readonly region: string | null;
  readonly state: 'registered' | 'unreadable' | 'absent';
  readonly judgement: string | null;
  readonly underIntervention: boolean;
}

export interface ActionRow {
  readonly planId: string;
  readonly laCode: string;
  /** From the row's key: a page of thousands of matches is cut from the keys, and only its actions read (actionDoc). */
  readonly actionId: string;
}

const AT = 'valid_from <= @at AND valid_to > @at';

/**
 * The version valid at @at of the one row `where` names (one council, one plan item): its versions do not overlap, so
 * it is the latest begun by then, if not yet ended. One seek down the primary key, where `${AT}` read every earlier
 * version (with its document) on the way: a council's row at 1M events has about 27 versions of 14 kB.
 */
function versionAt(table: 'authority_rows' | 'plan_rows', columns: string, where: string): string {
  return `SELECT ${columns} FROM (SELECT ${columns}, valid_to FROM ${table} WHERE ${where} AND valid_from <= @at
                                   ORDER BY valid_from DESC LIMIT 1)
           WHERE valid_to > @at`;
}

/** Past this many statements the cache starts again: a list of n ids is a statement of its own for each n. */
const CACHED_STATEMENTS = 500;

/**
 * The connection with its statements prepared once: a portfolio page asks over a hundred questions, and preparing
 * each again cost SQLite a parse and a plan every time.
 */
function withStatementCache(db: Database.Database): Pick<Database.Database, 'prepare'> {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= CACHED_STATEMENTS) cache.clear();
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  return { prepare: prepare as Database.Database['prepare'] };
}

/**
 * Reads the read model at a position: every answer is the rows valid there (valid_from <= p < valid_to), so "now" and
 * any knownAt cut are the same range query at different positions. The position must be one the model has
 * committed (the runner's), which also makes reads on the writer's connection see only committed rows.
 */
export class ReadModelReader {
  private readonly db: Pick<Database.Database, 'prepare'>;

  constructor(db: Database.Database) {
    this.db = withStatementCache(db);
  }

  authorities(at: bigint, laCodes?: readonly string[]): { laCode: string; doc: AuthorityDoc }[] {
    const rows = this.db
      .prepare<{ at: bigint }, { la_code: string; doc: string }>(`SELECT la_code, doc FROM authority_rows WHERE ${AT} ORDER BY la_code`)
      .all({ at });
    const wanted = laCodes ? new Set(laCodes) : undefined;
    return rows.filter((r) => !wanted || wanted.has(r.la_code)).map((r) => ({ laCode: r.la_code, doc: JSON.parse(r.doc) as AuthorityDoc }));
  }

  /**
   * Every council at the position without its document: what the portfolio filters and pages on. `state` is
   * registered, unreadable (its stream cannot be folded: named in answers) or absent (retracted).
   */
  councils(at: bigint): CouncilRow[] {
    return this.db
      .prepare<
        { at: bigint },
        { la_code: string; region: string | null; state: CouncilRow['state']; judgement: string | null; intervention: number }
      >(`SELECT la_code, region, state, judgement, intervention FROM authority_rows WHERE ${AT} ORDER BY la_code`)
      .all({ at })
      .map((r) => ({
        laCode: r.la_code,
        region: r.region,
        state: r.state,
        judgement: r.judgement,
        underIntervention: r.intervention === 1,
      }));
  }

  authority(at: bigint, laCode: string): AuthorityDoc | undefined {
    const row = this.db
      .prepare<{ at: bigint; laCode: string }, { doc: string }>(versionAt('authority_rows', 'doc', 'la_code = @laCode'))
      .get({ at, laCode });
    return row ? (JSON.parse(row.doc) as AuthorityDoc) : undefined;
  }

  /** A council's summary at the position (its document without histories), undefined when it has no row there. */
  authoritySummary(at: bigint, laCode: string): AuthoritySummaryDoc | undefined {
    const row = this.db
      .prepare<{ at: bigint; laCode: string }, { summary: string }>(versionAt('authority_rows', 'summary', 'la_code = @laCode'))
      .get({ at, laCode });
    return row ? (JSON.parse(row.summary) as AuthoritySummaryDoc) : undefined;
  }

  /** The plans that belong to the given councils at the position, oldest first within each council. */
  plansOf(at: bigint, laCodes: readonly string[] | 'all'): PlanRef[] {
    // Named councils are looked up by the council index, not filtered from every plan of the portfolio.
    const councils = laCodes === 'all' ? '' : 'AND la_code IN (SELECT value FROM json_each(@codes))';
    const rows = this.db
      .prepare<{ at: bigint; codes: string }, { plan_id: string; la_code: string; doc: string; created: number }>(
        `SELECT plan_id, la_code, doc,
                (SELECT MIN(valid_from) FROM plan_rows first WHERE first.plan_id = p.plan_id AND first.key = 'plan') AS created
           FROM plan_rows p WHERE kind = 'plan' AND ${AT} ${councils}
          ORDER BY la_code, created, plan_id`,
      )
      .all({ at, codes: JSON.stringify(laCodes === 'all' ? [] : laCodes) });
    return rows.map((r) => ({ planId: r.plan_id, laCode: r.la_code, header: JSON.parse(r.doc) as PlanRef['header'] }));
  }

  /**
   * A plan's items at the position, assembled as the fold gives it; undefined when it has no header there. The parts
   * left out (`parts`) are not read at all: they are most of a long-lived plan's rows.
   */
  plan(
    at: bigint,
    planId: string,
    today: string,
    parts: PlanParts = WHOLE_PLAN,
  ): { plan: PlanView | undefined; unreadable: UnreadableEntry[] } {
    const kinds = ["'plan'", "'planGrade'", "'priority'", "'action'", "'indicator'", "'unreadable'"];
    if (parts.measurements) kinds.push("'measurement'");
    if (parts.boardMeetings) kinds.push("'meeting'");
    const rows = this.db
      .prepare<{ at: bigint; planId: string }, { kind: string; ord: number; doc: string }>(
        `SELECT kind, ord, doc FROM plan_rows WHERE plan_id = @planId AND kind IN (${kinds.join(', ')}) AND ${AT}`,
      )
      .all({ at, planId });
    const items: StoredPlanItem[] = rows.filter((r) => r.kind !== 'unreadable').map((r) => ({ kind: r.kind, order: r.ord, doc: r.doc }));
    const unreadable = rows.filter((r) => r.kind === 'unreadable').map((r) => JSON.parse(r.doc) as UnreadableEntry);
    return { plan: assemblePlan(items, today), unreadable };
  }

  /** The lines the plans put on their council's journey at the position, placed for arrangeTimeline. */
  timelineLines(at: bigint, planIds: readonly string[]): PlacedLine[] {
    if (planIds.length === 0) return [];
    const rows = this.db
      .prepare<{ at: bigint; planIds: string }, { ord: number; doc: string }>(
        `SELECT ord, doc FROM plan_rows WHERE plan_id IN (SELECT value FROM json_each(@planIds)) AND kind = 'line' AND ${AT}`,
      )
      .all({ at, planIds: JSON.stringify(planIds) });
    return rows.flatMap((row) => (JSON.parse(row.doc) as TimelineEntry[]).map((line, seq) => ({ line, position: BigInt(row.ord), seq })));
  }

  /** The council a plan belongs to at the position; undefined when the plan has no header there. */
  planCouncil(at: bigint, planId: string): string | undefined {
    return this.db
      .prepare<{ at: bigint; planId: string }, { la_code: string }>(versionAt('plan_rows', 'la_code', "plan_id = @planId AND key = 'plan'"))
      .get({ at, planId })?.la_code;
  }

  /**
   * Every grading of a plan at the position, in the order its history shows them (planGradings of the fold): oldest
   * first by business time, log order among equals. Read from the plan's grading rows, never its stream.
   */
  gradings(at: bigint, planId: string): PlanGrading[] {
    const rows = this.db
      .prepare<{ at: bigint; planId: string }, { ord: number; doc: string }>(
        `SELECT ord, doc FROM plan_rows WHERE plan_id = @planId AND kind = 'grading' AND ${AT} ORDER BY ord`,
      )
      .all({ at, planId });
    return inGradeOrder(
      rows.map((r) => JSON.parse(r.doc) as PlanGrading),
      (_, index) => index,
    );
  }

  /** The events of these plans that no view can read, at the position. */
  planUnreadable(at: bigint, planIds: readonly string[]): UnreadableEntry[] {
    if (planIds.length === 0) return [];
    const rows = this.db
      .prepare<unknown[], { doc: string }>(
        `SELECT doc FROM plan_rows WHERE kind = 'unreadable' AND valid_from <= ? AND valid_to > ? AND plan_id IN (${planIds.map(() => '?').join(',')})`,
      )
      .all(at, at, ...planIds);
    return rows.map((r) => JSON.parse(r.doc) as UnreadableEntry);
  }

  /** Counts by grade of the plans' priorities and actions, open and overdue actions, for the progress columns. */
  progress(
    at: bigint,
    planIds: readonly string[],
    today: string,
  ): Map<string, { priorities: Map<string, number>; actions: Map<string, number>; openActions: number; overdueActions: number }> {
    const result = new Map<
      string,
      { priorities: Map<string, number>; actions: Map<string, number>; openActions: number; overdueActions: number }
    >();
    for (const planId of planIds) result.set(planId, { priorities: new Map(), actions: new Map(), openActions: 0, overdueActions: 0 });
    if (planIds.length === 0) return result;
    const rows = this.db
      .prepare<unknown[], { plan_id: string; kind: string; grade: string | null; status: string | null; overdue: number; n: number }>(
        `SELECT plan_id, kind, grade, status, (status = 'open' AND due < ?) AS overdue, COUNT(*) AS n FROM plan_rows
          WHERE kind IN ('priority', 'action') AND valid_from <= ? AND valid_to > ? AND plan_id IN (${planIds.map(() => '?').join(',')})
          GROUP BY plan_id, kind, grade, status, overdue`,
      )
      .all(today, at, at, ...planIds);
    for (const row of rows) {
      const progress = result.get(row.plan_id)!;
      if (row.kind === 'priority' && row.status === 'retired') continue;
      const byGrade = row.kind === 'priority' ? progress.priorities : progress.actions;
      const grade = row.grade ?? 'not graded';
      byGrade.set(grade, (byGrade.get(grade) ?? 0) + row.n);
      if (row.kind === 'action' && row.status === 'open') progress.openActions += row.n;
      if (row.kind === 'action' && row.overdue === 1) progress.overdueActions += row.n;
    }
    return result;
  }

  /** The last board meeting recorded for each plan, at the position: found in the index, one document read a plan. */
  latestMeetings(at: bigint, planIds: readonly string[]): Map<string, PlanView['boardMeetings'][number]> {
    const result = new Map<string, PlanView['boardMeetings'][number]>();
    if (planIds.length === 0) return result;
    const rows = this.db
      .prepare<unknown[], { plan_id: string; doc: string }>(
        `SELECT p.plan_id, p.doc FROM plan_rows p WHERE p.rowid IN (
           SELECT (SELECT rowid FROM plan_rows m WHERE m.plan_id = ids.value AND m.kind = 'meeting' AND m.valid_from <= ? AND m.valid_to > ?
                    ORDER BY m.ord DESC LIMIT 1)
             FROM json_each(?) ids)`,
      )
      .all(at, at, JSON.stringify(planIds));
    for (const row of rows) result.set(row.plan_id, JSON.parse(row.doc) as PlanView['boardMeetings'][number]);
    return result;
  }

  /**
   * The actions of the portfolio at the position, by due date (then council, plan, order in the plan), filtered in SQL
   * on the columns kept beside each row. `overdue` is decided against `today`, as the plan view decides it.
   */
  actions(
    at: bigint,
    filter: { laCodes?: readonly string[]; status?: string; owner?: string; overdue?: boolean; dueBefore?: string },
    today: string,
  ): ActionRow[] {
    const where = ["kind = 'action'", 'valid_from <= ?', 'valid_to > ?'];
    const params: unknown[] = [at, at];
    if (filter.laCodes) {
      if (filter.laCodes.length === 0) return [];
      where.push(`la_code IN (${filter.laCodes.map(() => '?').join(',')})`);
      params.push(...filter.laCodes);
    }
    if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.owner !== undefined) {
      where.push('lower(owner) = lower(?)');
      params.push(filter.owner);
    }
    if (filter.dueBefore !== undefined) {
      where.push('due < ?');
      params.push(filter.dueBefore);
    }
    if (filter.overdue !== undefined) {
      where.push(filter.overdue ? "(status = 'open' AND due < ?)" : "NOT (status = 'open' AND due < ?)");
      params.push(today);
    }
    return this.db
      .prepare<unknown[], { plan_id: string; la_code: string; key: string }>(
        `SELECT plan_id, la_code, key FROM plan_rows WHERE ${where.join(' AND ')} ORDER BY due, la_code, plan_id, ord`,
      )
      .all(...params)
      .map((row) => ({ planId: row.plan_id, laCode: row.la_code, actionId: row.key.slice('action:'.length) }));
  }

  /** One action's row at the position (JSON), as actions() found it; undefined when the plan has no such action there. */
  actionDoc(at: bigint, planId: string, actionId: string): string | undefined {
    return this.db
      .prepare<{ at: bigint; planId: string; key: string }, { doc: string }>(
        versionAt('plan_rows', 'doc', 'plan_id = @planId AND key = @key'),
      )
      .get({ at, planId, key: `action:${actionId}` })?.doc;
  }
}
