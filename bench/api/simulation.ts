/**
 * What happens to 153 councils, month by month: inspections, monitoring visits, interventions, improvement plans with
 * priorities, actions (re-dated, closed, some left overdue), board meetings with their grades, indicator measurements,
 * and a few corrections. It only proposes commands; the writer (generate.ts) has the domain decide each one.
 *
 * Every draw comes from one seeded Prng, and no draw depends on a date, so a seed gives the same commands whatever
 * month the log starts in: a first pass counts the events of each month, the second writes them from the month that
 * makes the log end where it should.
 */
import { LOCAL_AUTHORITIES, type BusinessTime, type NationalRegisterEntry } from '@plan-ledger/domain';
import type { Actor } from '@plan-ledger/event-store';
import { Prng } from './prng';

/** Month m of the log, as dates. */
export class Calendar {
  constructor(
    private readonly startYear: number,
    private readonly startMonth: number,
  ) {}

  static endingAt(lastMonth: string, months: number): Calendar {
    const [year, month] = lastMonth.split('-').map(Number);
    const index = year * 12 + (month - 1) - (months - 1);
    return new Calendar(Math.floor(index / 12), index % 12);
  }

  private yearMonth(m: number): [number, number] {
    const index = this.startYear * 12 + this.startMonth + m;
    return [Math.floor(index / 12), index % 12];
  }

  month(m: number): string {
    const [year, month] = this.yearMonth(m);
    return `${year}-${String(month + 1).padStart(2, '0')}`;
  }

  day(m: number, day: number): string {
    return `${this.month(m)}-${String(Math.min(day, 28)).padStart(2, '0')}`;
  }

  year(m: number): number {
    return this.yearMonth(m)[0];
  }

  /** The instant `fraction` of the way through month m (0: its first millisecond). */
  instant(m: number, fraction: number): number {
    const [year, month] = this.yearMonth(m);
    const start = Date.UTC(year, month, 1);
    return start + Math.floor((Date.UTC(year, month + 1, 1) - start) * fraction);
  }
}

export interface SimCommand {
  readonly kind: 'authority' | 'plan';
  /** laCode or planId. */
  readonly key: string;
  /** The command as a client sends it: its type and fields. */
  readonly command: { readonly type: string } & Record<string, unknown>;
  readonly occurredAt: BusinessTime;
  readonly actor: Actor;
  /** Number of the command in the log (each command records one event): its event id derives from it. */
  readonly n: number;
  /** For a correction of an authority's event: what the council's plans rely on in its stream. */
  readonly reliedOnBy?: { readonly plans: readonly string[]; readonly references: ReadonlyMap<string, readonly string[]> };
}

/** From here on, events are recorded at `at` (ms since the epoch): the writer appends what it holds first. */
export interface SimTick {
  readonly kind: 'tick';
  readonly at: number;
  readonly month: number;
}

export type SimItem = SimCommand | SimTick;

/** How busy a council's month is: 0 at 10k events (quarterly grading of a few things), 1 at 1M (everything monthly). */
export function richnessFor(size: number): number {
  return Math.max(0, Math.min(1, Math.log10(size / 10_000) / 2));
}

interface ActionSim {
  readonly id: string;
  readonly priorityId: string;
  dueMonth: number;
  open: boolean;
  owner: string;
  /** Command number of its ActionAdded, for a correction of its owner. */
  readonly addedN: number;
}

interface PlanSim {
  readonly planId: string;
  readonly laCode: string;
  readonly createdMonth: number;
  readonly priorities: { readonly id: string; readonly title: string }[];
  readonly actions: Map<string, ActionSim>;
  actionSeq: number;
  readonly indicators: { readonly id: string; readonly unit: 'percent' | 'count' | 'days'; value: number }[];
  targetOpen: number;
  /** The latest grade recorded, for a correction of it. */
  lastGrade?: { readonly n: number; readonly grade: string };
  /** Events so far: corrections are proposed only while the stream is short enough for the writer to keep its history. */
  events: number;
  closed: boolean;
}

interface CouncilSim {
  readonly index: number;
  readonly entry: NationalRegisterEntry;
  inspection: string;
  inspections: number;
  inadequate: boolean;
  nextInspection: number;
  nextVisit: number;
  visitNumber: number;
  visits: number;
  lastVisit?: { readonly id: string; readonly n: number; readonly month: number };
  focusedAt: number;
  intervention?: string;
  interventions: number;
  appointments: number;
  findings: number;
  readonly pendingFindings: { readonly regarding: string; readonly month: number }[];
  improvementPlan?: PlanSim;
  readonly plans: PlanSim[];
  readonly planIds: string[];
  readonly references: Map<string, string[]>;
  corrected: boolean;
}

/** Events kept per plan stream by the writer: corrections only while a plan has fewer. */
export const HISTORY_KEPT = 400;
const MAX_PLANS = 3;

const PRIORITY_TITLES = [
  'Front door and early help',
  'Quality of social work practice',
  'Children in care and care leavers',
  'Management oversight and supervision',
  'Workforce stability',
  'Performance information and quality assurance',
  'Voice of the child',
  'Partnership working',
];
const ACTION_VERBS = ['Embed', 'Audit', 'Review', 'Recruit to', 'Train staff in', 'Introduce', 'Re-design', 'Report on'];
const ACTION_OBJECTS = [
  'the MASH threshold guidance',
  'supervision recording in every team',
  'return home interviews',
  'the permanence tracker',
  'pathway plans for care leavers',
  'the quality assurance framework',
  'caseload limits for frontline teams',
  'the edge of care service',
  'the child protection conference process',
  'the placement sufficiency strategy',
];
const OWNERS = [
  'Director of Children’s Services',
  'Head of Service, Safeguarding',
  'Head of Service, Children in Care',
  'Principal Social Worker',
  'Head of Quality Assurance',
  'Workforce Development Manager',
  'Service Manager, Front Door',
];
const INDICATORS: readonly { readonly name: string; readonly unit: 'percent' | 'count' | 'days'; readonly start: number }[] = [
  { name: 'Re-referrals within 12 months', unit: 'percent', start: 24 },
  { name: 'Assessments completed within 45 days', unit: 'percent', start: 71 },
  { name: 'Average caseload per social worker', unit: 'count', start: 22 },
  { name: 'Agency social workers', unit: 'percent', start: 31 },
  { name: 'Days from entering care to placement', unit: 'days', start: 18 },
  { name: 'Care leavers in education, employment or training', unit: 'percent', start: 48 },
];
const SENTENCES = [
  'Audits of case files show management oversight recorded on most cases, though its quality varies between teams.',
  'The board asked for the sampling to continue and for the findings to be reported at the next meeting.',
  'Caseloads have fallen in the assessment teams since the recruitment campaign, but agency use remains high.',
  'Strategy discussions are timely and well attended by the police; health attendance is still inconsistent.',
  'Plans for children in care are clearer, and more children say they know who their social worker is.',
  'Supervision is regular but does not always challenge drift in children’s plans.',
  'The front door now applies thresholds consistently, and contacts are screened within a working day.',
  'Performance reports reach the leadership team monthly; the board wants trend lines rather than snapshots.',
];
const INSPECTORS = ['Rachel Griffiths', 'Tom Anthony', 'Neil Penswick', 'Nick Stacey', 'Lisa Summers', 'Andrew Waugh'];

const inspectionActor: Actor = { id: 'oidc:inspection-data-team', role: 'inspection-data', displayName: 'Inspection data team' };
const editorOf = (laCode: string): Actor => ({
  id: `oidc:editor-${laCode}`,
  role: 'editor',
  displayName: `Plan editor (${laCode})`,
  council: laCode,
});
const boardOf = (laCode: string): Actor => ({
  id: `oidc:board-${laCode}`,
  role: 'board',
  displayName: `Board secretary (${laCode})`,
  council: laCode,
});

/**
 * An endless log: months go on until the caller stops reading. Month m's events are recorded in month m + 1, each
 * council at its own time of that month, so occurredAt is never after the day of recording.
 */
export function* simulate(seed: number, richness: number, calendar: Calendar): Generator<SimItem, never> {
  const rng = new Prng(seed);
  let n = 0;
  const day = (m: number, d: number): BusinessTime => ({ from: calendar.day(m, d), precision: 'day' });
  const text = (sentences: number): string => Array.from({ length: sentences }, () => rng.pick(SENTENCES)).join(' ');
  const councils: CouncilSim[] = LOCAL_AUTHORITIES.map((entry, index) => ({
    index,
    entry,
    inspection: '',
    inspections: 0,
    inadequate: false,
    nextInspection: 0,
    nextVisit: Number.MAX_SAFE_INTEGER,
    visitNumber: 0,
    visits: 0,
    focusedAt: Number.MAX_SAFE_INTEGER,
    interventions: 0,
    appointments: 0,
    findings: 0,
    pendingFindings: [],
    plans: [],
    planIds: [],
    references: new Map(),
    corrected: false,
  }));

  const meetChance = 0.35 + 0.65 * richness;
  const gradeChance = 0.15 + 0.85 * richness;
  const measuresPerMonth = 0.3 * Math.pow(13.3, richness);
  const actionsPerPriority = 2 + 2 * richness;
  const indicatorsPerPlan = 2 + 2 * richness;

  for (let m = 0; ; m++) {
    for (const council of councils) {
      yield { kind: 'tick', at: calendar.instant(m + 1, 0.02 + (0.85 * council.index) / councils.length), month: m };
      const la = council.entry.laCode;
      const authority = (command: SimCommand['command'], occurredAt: BusinessTime, extra: Partial<SimCommand> = {}): SimCommand => ({
        kind: 'authority',
        key: la,
        command,
        occurredAt,
        actor: inspectionActor,
        n: n++,
        ...extra,
      });
      const plan = (p: PlanSim, command: SimCommand['command'], occurredAt: BusinessTime, actor = editorOf(la)): SimCommand => {
        p.events++;
        return { kind: 'plan', key: p.planId, command, occurredAt, actor, n: n++ };
      };
      const note = (id: string, planId: string) => {
        const planIds = council.references.get(id) ?? [];
        if (!planIds.includes(planId)) council.references.set(id, [...planIds, planId]);
      };

      // The council's own stream.
      if (m === 0)
        yield authority(
          { type: 'RegisterAuthority', laCode: la, name: council.entry.name, region: council.entry.region, onsCode: council.entry.onsCode },
          { from: calendar.month(0), precision: 'month' },
        );
      let newInspection = false;
      if (m === council.nextInspection) {
        const first = council.inspections === 0;
        const overall = first
          ? rng.pick([
              'inadequate',
              'inadequate',
              'inadequate',
              'requires improvement to be good',
              'requires improvement to be good',
              'good',
            ])
          : council.inadequate
            ? rng.pick(['requires improvement to be good', 'requires improvement to be good', 'good', 'inadequate'])
            : rng.pick(['good', 'good', 'requires improvement to be good', 'inadequate', 'outstanding']);
        const id = `insp-${la}-${++council.inspections}`;
        const start = rng.int(2, 10);
        yield authority(
          {
            type: 'RecordInspection',
            inspectionId: id,
            framework: calendar.year(m) >= 2018 ? 'ILACS' : 'SIF',
            kind: first ? 'standard' : council.inadequate ? 're-inspection' : 'standard',
            fieldwork: { start: calendar.day(m, start), end: calendar.day(m, start + 9) },
            reportDate: calendar.day(m, start + 14),
            inspectors: [
              { name: rng.pick(INSPECTORS), lead: true },
              { name: rng.pick(INSPECTORS), lead: false },
            ],
            judgements: [
              { area: 'Impact of leaders on social work practice', judgement: overall },
              { area: 'Experiences and progress of children who need help and protection', judgement: overall },
              { area: 'Experiences and progress of children in care and care leavers', judgement: rng.pick(['good', overall]) },
            ],
            overall,
          },
          day(m, start),
        );
        const wasInadequate = council.inadequate;
        council.inspection = id;
        council.inadequate = overall === 'inadequate';
        council.nextInspection = m + (council.inadequate ? rng.int(20, 36) : rng.int(36, 54));
        council.nextVisit = council.inadequate ? m + rng.int(3, 5) : Number.MAX_SAFE_INTEGER;
        council.visitNumber = 0;
        council.focusedAt = council.inadequate ? Number.MAX_SAFE_INTEGER : m + rng.int(12, 30);
        if (rng.chance(0.7)) council.pendingFindings.push({ regarding: id, month: m + 1 });
        newInspection = true;
        if (wasInadequate && !council.inadequate && council.intervention) {
          yield authority(
            { type: 'LiftIntervention', interventionId: council.intervention, reason: 'Services no longer judged inadequate' },
            day(m, 27),
          );
          council.intervention = undefined;
        }
      }
      if (council.inadequate && !council.intervention && m > 0) {
        const id = `int-${la}-${++council.interventions}`;
        yield authority(
          {
            type: 'IssueIntervention',
            interventionId: id,
            kind: rng.pick(['improvement notice', 'statutory direction']),
            summary: 'Issued after the inadequate judgement: the council must work with the appointed adviser.',
          },
          day(m, 15),
        );
        council.intervention = id;
        yield authority(
          {
            type: 'MakeAppointment',
            appointmentId: `appt-${la}-${++council.appointments}`,
            role: rng.pick(['commissioner', 'improvement adviser']),
            name: rng.pick(INSPECTORS),
          },
          day(m, 20),
        );
      }
      if (m === council.nextVisit) {
        const id = `mv-${la}-${++council.visits}`;
        const start = rng.int(3, 12);
        const visit = authority(
          {
            type: 'LogMonitoringVisit',
            visitId: id,
            number: ++council.visitNumber,
            follows: council.inspection,
            fieldwork: { start: calendar.day(m, start), end: calendar.day(m, start + 1) },
            letterDate: calendar.day(m, start + 12),
            inspectors: [{ name: rng.pick(INSPECTORS), lead: true }],
            areasCovered: [rng.pick(PRIORITY_TITLES), rng.pick(PRIORITY_TITLES)],
          },
          day(m, start),
        );
        yield visit;
        council.lastVisit = { id, n: visit.n, month: m };
        council.nextVisit = m + rng.int(3, 5);
        if (rng.chance(0.5)) council.pendingFindings.push({ regarding: id, month: m + 1 });
      }
      if (m === council.focusedAt) {
        const id = `fv-${la}-${++council.visits}`;
        yield authority(
          {
            type: 'LogFocusedVisit',
            visitId: id,
            kind: 'focused visit',
            theme: rng.pick(PRIORITY_TITLES),
            inspectors: [{ name: rng.pick(INSPECTORS), lead: true }],
            priorityActionsSet: rng.chance(0.2),
          },
          day(m, rng.int(2, 20)),
        );
      }
      while (council.pendingFindings.length > 0 && council.pendingFindings[0].month <= m) {
        const { regarding } = council.pendingFindings.shift()!;
        yield authority(
          {
            type: 'RecordFindings',
            findingsId: `find-${la}-${++council.findings}`,
            regarding,
            recommendations: [text(1), text(1)],
            areasForPriorityAction: rng.chance(0.3) ? [text(1)] : [],
            whatNeedsToImprove: [text(1), text(1), text(1)],
            strengths: [text(1)],
            weaknesses: [text(1), text(1)],
            progressNotes: [],
          },
          day(m, 25),
        );
      }
      // Once in a while the inspection-data team corrects the areas a visit covered, after the letter was re-read.
      if (!council.corrected && council.lastVisit && council.lastVisit.month === m - 1 && rng.chance(0.3)) {
        council.corrected = true;
        yield authority(
          {
            type: 'CorrectEvent',
            eventId: `#${council.lastVisit.n}`,
            changes: { areasCovered: [rng.pick(PRIORITY_TITLES), 'Management oversight and supervision', 'Voice of the child'] },
            reason: 'The letter lists three areas; the first entry was taken from the draft.',
          },
          day(m, 26),
          { reliedOnBy: { plans: [...council.planIds], references: new Map(council.references) } },
        );
      }

      // Plans: one answering each inspection (superseding the one before), and for some councils a priority plan too.
      const createPlan = function* (kind: 'improvement plan' | 'priority plan', startDay: number): Generator<SimItem, PlanSim> {
        const previous = kind === 'improvement plan' ? council.improvementPlan : undefined;
        const planId = `${la}-${kind === 'improvement plan' ? 'ip' : 'pp'}-${council.planIds.length + 1}`;
        const p: PlanSim = {
          planId,
          laCode: la,
          createdMonth: m,
          priorities: [],
          actions: new Map(),
          actionSeq: 0,
          indicators: [],
          targetOpen: 0,
          events: 0,
          closed: false,
        };
        const respondsTo = kind === 'improvement plan' ? council.inspection : undefined;
        yield plan(
          p,
          {
            type: 'CreatePlan',
            planId,
            laCode: la,
            title: `${council.entry.name} ${kind} ${calendar.year(m)}`,
            kind,
            ...(respondsTo ? { respondsTo } : {}),
            ...(previous ? { supersedes: previous.planId } : {}),
          },
          day(m, startDay),
        );
        if (respondsTo) note(respondsTo, planId);
        council.planIds.push(planId);
        const priorities = rng.int(3, 5);
        for (let i = 0; i < priorities; i++) {
          const title = PRIORITY_TITLES[(council.index + i) % PRIORITY_TITLES.length];
          const id = `pr${i + 1}`;
          p.priorities.push({ id, title });
          yield plan(p, { type: 'SetPriority', priorityId: id, title, description: text(2) }, day(m, startDay));
        }
        for (const priority of p.priorities) {
          const actions = rng.count(actionsPerPriority);
          for (let i = 0; i < actions; i++) yield addAction(p, priority.id, startDay);
        }
        p.targetOpen = p.actions.size;
        const indicators = rng.count(indicatorsPerPlan);
        for (let i = 0; i < indicators; i++) {
          const indicator = INDICATORS[(council.index + i) % INDICATORS.length];
          const id = `ind${i + 1}`;
          p.indicators.push({ id, unit: indicator.unit, value: indicator.start });
          yield plan(
            p,
            {
              type: 'DefineIndicator',
              indicatorId: id,
              name: indicator.name,
              unit: indicator.unit,
              target: Math.round(indicator.unit === 'percent' ? Math.min(100, indicator.start * 1.2) : indicator.start * 0.8),
              direction: indicator.name.startsWith('Re-referrals') || indicator.unit !== 'percent' ? 'lower is better' : 'higher is better',
            },
            day(m, startDay),
          );
        }
        if (previous) {
          yield plan(previous, { type: 'ClosePlan', reason: `Superseded by ${planId} after the inspection` }, day(m, startDay));
          previous.closed = true;
          council.plans.splice(council.plans.indexOf(previous), 1);
        }
        council.plans.push(p);
        if (kind === 'improvement plan') council.improvementPlan = p;
        return p;
      };
      const addAction = (p: PlanSim, priorityId: string, d: number): SimCommand => {
        const id = `a${++p.actionSeq}`;
        const owner = rng.pick(OWNERS);
        const dueMonth = m + rng.int(2, 12);
        const command = plan(
          p,
          {
            type: 'AddAction',
            actionId: id,
            priorityId,
            title: `${rng.pick(ACTION_VERBS)} ${rng.pick(ACTION_OBJECTS)}`,
            owner,
            due: calendar.day(dueMonth, 28),
            successMeasure: text(1),
          },
          day(m, d),
        );
        p.actions.set(id, { id, priorityId, dueMonth, open: true, owner, addedN: command.n });
        return command;
      };

      if (m === 1 && council.planIds.length === 0) yield* createPlan('improvement plan', 10);
      else if (newInspection && m > 1 && council.planIds.length < MAX_PLANS) yield* createPlan('improvement plan', 28);
      if (m === 2 && council.index % 4 === 1) yield* createPlan('priority plan', 12);

      for (const p of council.plans) {
        if (p.createdMonth === m || p.closed) continue;
        // Board meeting and its grades.
        if (rng.chance(meetChance)) {
          const meetingId = `board-${calendar.month(m)}`;
          const meetingDay = rng.int(8, 22);
          yield plan(
            p,
            { type: 'HoldBoardMeeting', meetingId, chair: 'Independent chair', decisions: [text(1), text(1)] },
            day(m, meetingDay),
            boardOf(la),
          );
          const grade = (target: 'plan' | 'priority' | 'action', targetId?: string): SimCommand => {
            const g = rng.pick(['red', 'amber', 'amber', 'green', 'green', 'blue']);
            const command = plan(
              p,
              {
                type: 'GradeProgress',
                target,
                ...(targetId ? { targetId } : {}),
                grade: g,
                gradedBy: 'board',
                evidence: text(2),
                fromMeeting: meetingId,
              },
              day(m, meetingDay),
              boardOf(la),
            );
            p.lastGrade = { n: command.n, grade: g };
            return command;
          };
          if (rng.chance(gradeChance)) yield grade('plan');
          for (const priority of p.priorities) if (rng.chance(gradeChance)) yield grade('priority', priority.id);
          for (const action of p.actions.values()) if (action.open && rng.chance(gradeChance)) yield grade('action', action.id);
        }
        // A monitoring visit last month: the inspectors' view of the plan, as the board minuted it.
        if (council.lastVisit && council.lastVisit.month === m - 1 && rng.chance(0.7)) {
          note(council.lastVisit.id, p.planId);
          const g = rng.pick(['red', 'amber', 'green']);
          const command = plan(
            p,
            { type: 'GradeProgress', target: 'plan', grade: g, gradedBy: 'inspectors', evidence: text(2), fromVisit: council.lastVisit.id },
            day(m, 3),
          );
          p.lastGrade = { n: command.n, grade: g };
          yield command;
        }
        // Indicators.
        for (const indicator of p.indicators) {
          const measures = rng.count(measuresPerMonth);
          for (let i = 0; i < measures; i++) {
            const drift = (rng.next() - 0.45) * (indicator.unit === 'percent' ? 4 : 2);
            indicator.value = Math.max(0, Math.round((indicator.value + drift) * 10) / 10);
            if (indicator.unit === 'percent') indicator.value = Math.min(100, indicator.value);
            const at = calendar.day(m, measures === 1 ? 28 : 1 + Math.floor((27 * (i + 1)) / measures));
            yield plan(
              p,
              { type: 'MeasureIndicator', indicatorId: indicator.id, value: indicator.value, at },
              { from: at, precision: 'day' },
            );
          }
        }
        // Actions: past their due date some are completed, some re-dated, a few dropped; the rest stay overdue.
        let open = 0;
        for (const action of p.actions.values()) {
          if (!action.open) continue;
          if (m > action.dueMonth) {
            const roll = rng.next();
            if (roll < 0.3) {
              action.open = false;
              yield plan(p, { type: 'CloseAction', actionId: action.id, outcome: 'completed', note: text(1) }, day(m, 24));
              continue;
            }
            if (roll < 0.4) {
              action.dueMonth = m + rng.int(2, 6);
              yield plan(
                p,
                {
                  type: 'AmendAction',
                  actionId: action.id,
                  due: calendar.day(action.dueMonth, 28),
                  reason: 'Re-dated by the board: the recruitment it depends on slipped.',
                },
                day(m, 24),
              );
            } else if (roll < 0.43) {
              action.open = false;
              yield plan(
                p,
                { type: 'CloseAction', actionId: action.id, outcome: 'dropped', note: 'Overtaken by the new practice model.' },
                day(m, 24),
              );
              continue;
            }
          }
          open++;
        }
        if (open < p.targetOpen && rng.chance(0.5)) yield addAction(p, rng.pick(p.priorities).id, 24);
        // Now and then a grade is corrected, as the minutes are approved; or an action's owner, as the team changes.
        if (p.events < HISTORY_KEPT - 100 && p.lastGrade && rng.chance(0.04)) {
          const grade = rng.pick(['red', 'amber', 'green', 'blue'].filter((g) => g !== p.lastGrade!.grade));
          yield plan(
            p,
            {
              type: 'CorrectEvent',
              eventId: `#${p.lastGrade.n}`,
              changes: { grade },
              reason: 'The approved minutes record a different grade from the draft.',
            },
            day(m, 26),
          );
          p.lastGrade = { n: p.lastGrade.n, grade };
        } else if (p.events < HISTORY_KEPT - 100 && rng.chance(0.02)) {
          const action = [...p.actions.values()].find((a) => a.open);
          if (action) {
            const owner = rng.pick(OWNERS.filter((o) => o !== action.owner));
            action.owner = owner;
            yield plan(
              p,
              { type: 'CorrectEvent', eventId: `#${action.addedN}`, changes: { owner }, reason: 'The owner was misread from the plan.' },
              day(m, 26),
            );
          }
        }
      }
    }
  }
}
