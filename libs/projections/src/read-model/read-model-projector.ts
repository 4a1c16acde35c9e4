import type Database from 'better-sqlite3';
import { StoredEventUnreadable, StreamNotFound, type EventStore, type RecordedEvent, type StreamHistory } from '@plan-ledger/event-store';
import { authorityView, type AuthorityView, type VisitSummary } from '../authority-view';
import { latestMonitoringVisitIn } from '../latest-monitoring-visit';
import { effectiveLedger } from '../effective-entries';
import { evolvePlan, initialPlanState, type PlanState } from '../plan-view';
import type { UnreadableEntry } from '../unreadable-entry';
import { planItemRow, planItemRows, type PlanItemRow } from './plan-items';
import { OPEN } from './read-model-schema';

const PLAN_PREFIX = 'plan-';
const AUTHORITY_PREFIX = 'authority-';

/** A row to store for a plan: an item of its state, or an event of its stream no view can read. */
type Row = Omit<PlanItemRow, 'key'> & { readonly key: string };

interface PlanMemo {
  state: PlanState | undefined;
  /** The plan's open rows as stored (key → doc, order, council): compared in memory instead of read back per event. */
  readonly open: Map<string, { doc: string; ord: number; laCode: string }>;
}

/** What an authority row holds: the view (or why it cannot be folded) and the events set aside as unreadable. */
export interface AuthorityDoc {
  readonly view: ReturnType<typeof authorityView> | null;
  readonly failure: string | null;
  readonly unreadable: readonly UnreadableEntry[];
}

/** A council's view without its histories: what a list of councils shows, with the latest monitoring visit. */
export type AuthorityHeadline = Pick<
  AuthorityView,
  'laCode' | 'name' | 'region' | 'onsCode' | 'latestOverallJudgement' | 'currentIntervention'
> & { readonly latestMonitoringVisit: VisitSummary | null };

/** An authority row's summary: the document with a headline for its view. */
export interface AuthoritySummaryDoc {
  readonly view: AuthorityHeadline | null;
  readonly failure: string | null;
  readonly unreadable: readonly UnreadableEntry[];
}

function headlineOf(view: AuthorityView): AuthorityHeadline {
  const { laCode, name, region, onsCode, latestOverallJudgement, currentIntervention } = view;
  return {
    laCode,
    name,
    region,
    onsCode,
    latestOverallJudgement,
    currentIntervention,
    latestMonitoringVisit: latestMonitoringVisitIn(view),
  };
}

/**
 * A grading or a measurement is written once, at its event, and only a re-fold (a correction, or an indicator defined
 * again, which drops its measurements) ever changes it: the memory of a plan forgets them once written. They are most
 * of a long-lived plan (at 1M events, 910,000 of the 1,000,000 rows open, and 700 MB of the service's memory once every
 * plan was in memory).
 */
function forgetWrittenOnce(memo: PlanMemo, written?: readonly Row[]): void {
  const keys = written ? written.map((row) => row.key) : [...memo.open.keys()];
  for (const key of keys) {
    if (key.startsWith('grading:')) memo.state?.gradings.delete(key.slice('grading:'.length));
    else if (key.startsWith('measurement:')) memo.state?.measured.delete(key.slice('measurement:'.length));
    else continue;
    memo.open.delete(key);
  }
  if (!written && memo.state) {
    memo.state.gradings.clear();
    memo.state.measured.clear();
  }
}

/** An indicator defined again drops its measurements, which a plan's memory no longer keeps: it is re-folded. */
function redefinesIndicator(memo: PlanMemo | undefined, entries: readonly { type: string; data: unknown }[]): boolean {
  return entries.some((entry) => {
    if (entry.type !== 'IndicatorDefined' || typeof entry.data !== 'object' || entry.data === null) return false;
    const { indicatorId } = entry.data as { indicatorId?: unknown };
    return typeof indicatorId === 'string' && memo?.state?.indicators.has(indicatorId) === true;
  });
}

function isCorrection(event: RecordedEvent): boolean {
  return event.type === 'EventCorrected' || event.type === 'EventRetracted';
}

const unreadableRow = (u: UnreadableEntry, order: number): Row => ({
  key: `unreadable:${u.eventId}`,
  kind: 'unreadable' as Row['kind'],
  order,
  doc: JSON.stringify(u),
  owner: null,
  due: null,
  status: null,
  grade: null,
});

/** The projector's statements, on a model file of this READ_MODEL_VERSION's schema. */
function prepare(db: Database.Database) {
  return {
    openPlanRows: db.prepare<[string, bigint], { key: string; doc: string; la_code: string; ord: number; valid_from: number }>(
      'SELECT key, doc, la_code, ord, valid_from FROM plan_rows WHERE plan_id = ? AND valid_to = ?',
    ),
    closePlanRow: db.prepare<[bigint, string, string, bigint]>(
      'UPDATE plan_rows SET valid_to = ? WHERE plan_id = ? AND key = ? AND valid_to = ?',
    ),
    insertPlanRow: db.prepare(
      `INSERT INTO plan_rows (plan_id, key, valid_from, valid_to, la_code, kind, ord, owner, due, status, grade, doc)
     VALUES (@planId, @key, @from, @to, @laCode, @kind, @order, @owner, @due, @status, @grade, @doc)`,
    ),
    openAuthority: db.prepare<[string, bigint], { doc: string }>('SELECT doc FROM authority_rows WHERE la_code = ? AND valid_to = ?'),
    closeAuthority: db.prepare<[bigint, string, bigint]>('UPDATE authority_rows SET valid_to = ? WHERE la_code = ? AND valid_to = ?'),
    insertAuthority: db.prepare<[string, bigint, bigint, string | null, string, string | null, number, string, string]>(
      'INSERT INTO authority_rows (la_code, valid_from, valid_to, region, state, judgement, intervention, doc, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };
}

/**
 * Folds events into the read model's rows, one event at a time in log order, inside the caller's transaction. A plan
 * keeps its folded state in memory between events, so an ordinary event costs one evolve and the rows of the items
 * it changed; a correction or retraction (which may change any earlier item) re-folds that plan from its stream and
 * rewrites only the rows that differ. Rows are written at the event's position, so the model is exact at every
 * position. The folds are the views' own (evolvePlan, authorityView, effectiveLedger): one history for all.
 */
export class ReadModelProjector {
  private readonly plans = new Map<string, PlanMemo>();
  private readonly authorities = new Map<string, RecordedEvent[]>();
  private prepared: ReturnType<typeof prepare> | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly store: EventStore,
    /** Streams the service's commands read lately: a plan re-folded just after a command on it is not read again. */
    private readonly streams?: StreamHistory,
  ) {}

  /**
   * Prepared on first use, not when the projector is made: a model file of an older version (another schema) is opened
   * before the runner reads its version and builds a new one, and statements of this schema would not prepare on it.
   */
  private get statements(): ReturnType<typeof prepare> {
    this.prepared ??= prepare(this.db);
    return this.prepared;
  }

  /** Forgets what is kept in memory: after a rollback, the state must be read again from the rows' source, the log. */
  forget(): void {
    this.plans.clear();
    this.authorities.clear();
  }

  async project(event: RecordedEvent): Promise<void> {
    if (event.streamId.startsWith(PLAN_PREFIX)) await this.projectPlan(event);
    else if (event.streamId.startsWith(AUTHORITY_PREFIX)) await this.projectAuthority(event);
  }

  /**
   * The stream's events up to and including `event`: what the model must reflect once `event` is projected. A damaged
   * row of the stream (no longer an envelope) is left out, read one revision at a time around it, as the log's other
   * readers set such an event aside.
   */
  private async streamUpTo(event: RecordedEvent): Promise<RecordedEvent[]> {
    const at = (e: RecordedEvent): RecordedEvent => (e.revision === event.revision ? { ...e, position: event.position } : e);
    if (this.streams) {
      try {
        return (await this.streams.read(event.streamId, event.revision)).map(at);
      } catch (error) {
        if (!(error instanceof StoredEventUnreadable)) throw error;
      }
    }
    const events: RecordedEvent[] = [];
    try {
      for await (const e of this.store.readStream(event.streamId, { maxCount: Number(event.revision) + 1 })) {
        if (e.revision > event.revision) break;
        events.push(at(e));
      }
      return events;
    } catch (error) {
      if (error instanceof StreamNotFound) return events;
      if (!(error instanceof StoredEventUnreadable)) throw error;
    }
    const readable: RecordedEvent[] = [];
    for (let revision = 0n; revision <= event.revision; revision++) {
      try {
        for await (const e of this.store.readStream(event.streamId, { fromRevision: revision, maxCount: 1 })) readable.push(at(e));
      } catch (error) {
        if (!(error instanceof StoredEventUnreadable)) throw error;
      }
    }
    return readable;
  }

  private async projectPlan(event: RecordedEvent): Promise<void> {
    const planId = event.streamId.slice(PLAN_PREFIX.length);
    const memo = this.plans.get(planId);
    const ledger = effectiveLedger([event]);
    if (!memo || isCorrection(event) || redefinesIndicator(memo, ledger.entries)) {
      await this.refoldPlan(planId, event);
      return;
    }
    const rows: Row[] = ledger.unreadable.map((u) => unreadableRow(u, 0));
    // Items an entry named that the state no longer has: their open rows end at this event.
    const gone: string[] = [];
    for (const entry of ledger.entries) {
      if (!memo.state) {
        memo.state = initialPlanState([entry]);
        if (memo.state) rows.push(...planItemRows(memo.state).values());
        continue;
      }
      for (const key of evolvePlan(memo.state, entry)) {
        const row = planItemRow(memo.state, key);
        if (row) rows.push(row);
        else gone.push(key);
      }
    }
    const laCode = memo.state?.created.data.laCode ?? '';
    for (const key of gone) this.closePlanRow(memo, planId, key, event.position);
    for (const row of rows) this.putPlanRow(memo, planId, laCode, row, event.position);
    forgetWrittenOnce(memo, rows);
  }

  /** Re-folds a plan from its stream and makes its open rows those of the new state: changed rows replaced, gone ones closed. */
  private async refoldPlan(planId: string, event: RecordedEvent): Promise<void> {
    const ledger = effectiveLedger(await this.streamUpTo(event));
    const state = initialPlanState(ledger.entries);
    if (state) for (const entry of ledger.entries) evolvePlan(state, entry);
    const memo: PlanMemo = { state, open: new Map() };
    this.plans.set(planId, memo);
    const wanted = new Map<string, Row>(state ? planItemRows(state) : []);
    for (const u of ledger.unreadable) {
      const row = unreadableRow(u, 0);
      wanted.set(row.key, row);
    }
    const laCode = state?.created.data.laCode ?? '';
    for (const open of this.statements.openPlanRows.all(planId, OPEN)) {
      const row = wanted.get(open.key);
      if (row && row.doc === open.doc && row.order === open.ord && laCode === open.la_code) {
        wanted.delete(open.key);
        memo.open.set(open.key, { doc: open.doc, ord: open.ord, laCode });
        continue;
      }
      this.statements.closePlanRow.run(event.position, planId, open.key, OPEN);
    }
    for (const row of wanted.values()) this.insertPlanRow(memo, planId, laCode, row, event.position);
    forgetWrittenOnce(memo);
  }

  /**
   * Folds a plan into memory from its events (read whole, up to the model's position), so that its next event costs one
   * evolve rather than a re-fold from the store: what a service warms at start. Nothing is written. Kept only when the
   * fold's rows are the model's open rows (anything else is left to the next event's re-fold, which mends it), and when
   * no event of the plan was projected meanwhile (that one folded the plan itself, and further). `pause` lets the
   * service answer in between.
   */
  async warmPlan(planId: string, events: readonly RecordedEvent[], pause: () => Promise<void>): Promise<boolean> {
    if (this.plans.has(planId)) return false;
    const ledger = effectiveLedger(events);
    await pause();
    const state = initialPlanState(ledger.entries);
    if (state)
      for (let i = 0; i < ledger.entries.length; i++) {
        evolvePlan(state, ledger.entries[i]);
        if (i % 500 === 499) await pause();
      }
    const wanted = new Map<string, Row>(state ? planItemRows(state) : []);
    for (const u of ledger.unreadable) {
      const row = unreadableRow(u, 0);
      wanted.set(row.key, row);
    }
    await pause();
    if (this.plans.has(planId)) return false;
    const laCode = state?.created.data.laCode ?? '';
    const open = this.statements.openPlanRows.all(planId, OPEN);
    const same =
      open.length === wanted.size &&
      open.every((row) => {
        const mine = wanted.get(row.key);
        return mine !== undefined && mine.doc === row.doc && mine.order === row.ord && row.la_code === laCode;
      });
    if (!same) return false;
    const memo: PlanMemo = { state, open: new Map(open.map((row) => [row.key, { doc: row.doc, ord: row.ord, laCode }])) };
    forgetWrittenOnce(memo);
    this.plans.set(planId, memo);
    return true;
  }

  private closePlanRow(memo: PlanMemo, planId: string, key: string, position: bigint): void {
    if (!memo.open.delete(key)) return;
    this.statements.closePlanRow.run(position, planId, key, OPEN);
  }

  private putPlanRow(memo: PlanMemo, planId: string, laCode: string, row: Row, position: bigint): void {
    const open = memo.open.get(row.key);
    if (open && open.doc === row.doc && open.ord === row.order && open.laCode === laCode) return;
    if (open) this.statements.closePlanRow.run(position, planId, row.key, OPEN);
    this.insertPlanRow(memo, planId, laCode, row, position);
  }

  private insertPlanRow(memo: PlanMemo, planId: string, laCode: string, row: Row, position: bigint): void {
    memo.open.set(row.key, { doc: row.doc, ord: row.order, laCode });
    this.statements.insertPlanRow.run({
      planId,
      key: row.key,
      from: position,
      to: OPEN,
      laCode,
      kind: row.kind,
      order: row.order,
      owner: row.owner,
      due: row.due,
      status: row.status,
      grade: row.grade,
      doc: row.doc,
    });
  }

  private async projectAuthority(event: RecordedEvent): Promise<void> {
    const laCode = event.streamId.slice(AUTHORITY_PREFIX.length);
    let events = this.authorities.get(laCode);
    if (!events) {
      events = await this.streamUpTo(event);
      this.authorities.set(laCode, events);
    } else {
      events.push(event);
    }
    const ledger = effectiveLedger(events);
    let view: AuthorityDoc['view'] = null;
    let failure: string | null = null;
    try {
      view = authorityView(ledger.entries) ?? null;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const doc = JSON.stringify({ view, failure, unreadable: ledger.unreadable } satisfies AuthorityDoc);
    const open = this.statements.openAuthority.get(laCode, OPEN);
    if (open?.doc === doc) return;
    if (open) this.statements.closeAuthority.run(event.position, laCode, OPEN);
    const state = failure || (!view && ledger.unreadable.length > 0) ? 'unreadable' : view ? 'registered' : 'absent';
    this.statements.insertAuthority.run(
      laCode,
      event.position,
      OPEN,
      view?.region ?? null,
      state,
      view?.latestOverallJudgement ?? null,
      view?.currentIntervention ? 1 : 0,
      doc,
      JSON.stringify({ view: view ? headlineOf(view) : null, failure, unreadable: ledger.unreadable } satisfies AuthoritySummaryDoc),
    );
  }
}
