import type { BusinessTime, StreamKind } from '@plan-ledger/domain';

/**
 * Three councils' journeys, written as structured data from the public documents in
 * shared/fixtures/ofsted (a focused-visit letter, a monitoring-visit letter and an improvement board's
 * slides). Facts only: dates, numbers, names, judgements; summaries are our own words. Where a source
 * does not give a fact (inspectors of the 2016 inspections, exact visit days) it is left out, not guessed.
 */
export interface DemoStep {
  readonly kind: StreamKind;
  readonly key: string;
  readonly command: { readonly type: string } & Record<string, unknown>;
  readonly occurredAt: BusinessTime;
  readonly source: { title: string; date?: string };
}

const month = (from: string, label: string): BusinessTime => ({ from, precision: 'month', label });
const day = (from: string, label?: string): BusinessTime => (label ? { from, precision: 'day', label } : { from, precision: 'day' });

const WORCS_SLIDES = { title: "Worcestershire children's social care: improvement journey 2016-2017 (board presentation)" };
const WIRRAL_LETTER = { title: 'Monitoring visit of Wirral local authority children’s services', date: '2018-09-27' };
const WARRINGTON_LETTER = { title: 'Focused visit to Warrington children’s services', date: '2018-02-23' };

const worcestershire: DemoStep[] = [
  {
    kind: 'authority',
    key: '885',
    command: { type: 'RegisterAuthority', laCode: '885', name: 'Worcestershire', region: 'West Midlands', onsCode: 'E10000034' },
    occurredAt: day('2016-10-24', 'Tracked from the October 2016 inspection'),
    source: WORCS_SLIDES,
  },
  {
    kind: 'authority',
    key: '885',
    command: {
      type: 'RecordInspection',
      inspectionId: 'worcestershire-sif-2016',
      framework: 'SIF',
      kind: 'standard',
      fieldwork: { start: '2016-10-24', end: '2016-11-17' },
      publishedOn: '2017-01-24',
      inspectors: [],
      judgements: [],
      overall: 'inadequate',
    },
    occurredAt: { from: '2016-10-24', to: '2016-11-17', precision: 'day', label: 'October & November 2016' },
    source: WORCS_SLIDES,
  },
  {
    kind: 'plan',
    key: 'worcestershire-2016-12',
    command: {
      type: 'CreatePlan',
      planId: 'worcestershire-2016-12',
      laCode: '885',
      title: 'Eight point service improvement plan',
      kind: 'improvement plan',
      respondsTo: 'worcestershire-sif-2016',
    },
    occurredAt: month('2016-12', 'December 2016'),
    source: WORCS_SLIDES,
  },
  {
    kind: 'authority',
    key: '885',
    command: {
      type: 'RecordFindings',
      findingsId: 'worcestershire-sif-2016-report',
      regarding: 'worcestershire-sif-2016',
      recommendations: Array.from({ length: 14 }, (_, i) => `Recommendation ${i + 1} of 14 (text in the published report)`),
      areasForPriorityAction: [],
      whatNeedsToImprove: [],
      strengths: [],
      weaknesses: ['Widespread and serious failures in services for children'],
      progressNotes: [],
    },
    occurredAt: day('2017-01-24', 'January 2017'),
    source: WORCS_SLIDES,
  },
  {
    kind: 'authority',
    key: '885',
    command: { type: 'IssueIntervention', interventionId: 'worcestershire-direction-2017', kind: 'statutory direction' },
    occurredAt: month('2017-03', 'March 2017'),
    source: WORCS_SLIDES,
  },
  {
    kind: 'authority',
    key: '885',
    command: {
      type: 'MakeAppointment',
      appointmentId: 'worcestershire-commissioner-2017',
      role: 'commissioner',
      name: "DfE children's services commissioner",
    },
    occurredAt: month('2017-03', 'March 2017'),
    source: WORCS_SLIDES,
  },
  {
    kind: 'authority',
    key: '885',
    command: {
      type: 'PublishReview',
      reviewId: 'worcestershire-commissioner-review-2017',
      title: "Commissioner's review",
      completed: { from: '2017-03', to: '2017-04', precision: 'month', label: 'March/April 2017' },
      published: month('2017-09', 'September 2017'),
    },
    occurredAt: { from: '2017-03', to: '2017-04', precision: 'month', label: 'March/April 2017' },
    source: WORCS_SLIDES,
  },
  {
    kind: 'authority',
    key: '885',
    command: {
      type: 'LogMonitoringVisit',
      visitId: 'worcestershire-mv-2017-05',
      number: 1,
      follows: 'worcestershire-sif-2016',
      inspectors: [],
      areasCovered: [],
    },
    occurredAt: month('2017-05', 'May 2017'),
    source: WORCS_SLIDES,
  },
  {
    kind: 'plan',
    key: 'worcestershire-2017-06',
    command: {
      type: 'CreatePlan',
      planId: 'worcestershire-2017-06',
      laCode: '885',
      title: 'Priority plan',
      kind: 'priority plan',
      respondsTo: 'worcestershire-sif-2016',
      supersedes: 'worcestershire-2016-12',
    },
    occurredAt: month('2017-06', 'June 2017'),
    source: WORCS_SLIDES,
  },
  ...[
    [
      'family-front-door',
      'Family Front Door',
      'Managing contacts, referrals and assessments; multi-agency working; one understanding of levels of need',
    ],
    [
      'early-help',
      'Remodel the early help offer',
      'Safeguarding board agreement to the early help strategy; a targeted offer that supports step-down',
    ],
    [
      'culture',
      'A child-focused and accountable culture',
      'Shared vision and values; a strengths-based practice model; the voice of the child',
    ],
    [
      'quality-assurance',
      "Quality assurance: know what 'good' looks like",
      'Practice standards; better performance information; team diagnostics; learning from audit and complaints',
    ],
  ].map(([priorityId, title, description]): DemoStep => ({
    kind: 'plan',
    key: 'worcestershire-2017-06',
    command: { type: 'SetPriority', priorityId, title, description },
    occurredAt: { from: '2017-07', to: '2017-09', precision: 'month', label: 'July to September 2017' },
    source: WORCS_SLIDES,
  })),
  {
    kind: 'authority',
    key: '885',
    command: {
      type: 'MakeAppointment',
      appointmentId: 'worcestershire-essex-2017',
      role: 'improvement partner',
      name: 'Essex County Council',
    },
    occurredAt: month('2017-08', 'August 2017'),
    source: WORCS_SLIDES,
  },
  {
    kind: 'authority',
    key: '885',
    command: {
      type: 'LogMonitoringVisit',
      visitId: 'worcestershire-mv-2017-09',
      number: 2,
      follows: 'worcestershire-sif-2016',
      inspectors: [{ name: 'Dominic Stevens', lead: true }],
      areasCovered: ['help and protection', 'the Family Front Door (contact and referral service)', 'the assessment service'],
    },
    occurredAt: month('2017-09', 'September 2017'),
    source: WORCS_SLIDES,
  },
  {
    kind: 'authority',
    key: '885',
    command: {
      type: 'RecordFindings',
      findingsId: 'worcestershire-mv-2017-09-findings',
      regarding: 'worcestershire-mv-2017-09',
      recommendations: [],
      areasForPriorityAction: [],
      whatNeedsToImprove: [],
      strengths: [
        'Initial decisions about risk and need are made much faster',
        'A backlog of assessments has been cleared',
        'The priority plan is succinct and drives progress',
      ],
      weaknesses: [
        'Work with children who go missing is poor',
        'Performance systems at the front door are not fit for purpose',
        "Plans do not focus enough on children's lived experience",
      ],
      progressNotes: [],
    },
    occurredAt: month('2017-09', 'September 2017'),
    source: WORCS_SLIDES,
  },
  {
    kind: 'plan',
    key: 'worcestershire-2017-10',
    command: {
      type: 'CreatePlan',
      planId: 'worcestershire-2017-10',
      laCode: '885',
      title: 'Priority plan',
      kind: 'priority plan',
      respondsTo: 'worcestershire-sif-2016',
      supersedes: 'worcestershire-2017-06',
    },
    occurredAt: month('2017-10', 'October 2017'),
    source: WORCS_SLIDES,
  },
];

const wirral: DemoStep[] = [
  {
    kind: 'authority',
    key: '344',
    command: { type: 'RegisterAuthority', laCode: '344', name: 'Wirral', region: 'North West', onsCode: 'E08000015' },
    occurredAt: month('2016-09', 'Tracked from the September 2016 inspection'),
    source: WIRRAL_LETTER,
  },
  {
    kind: 'authority',
    key: '344',
    command: {
      type: 'RecordInspection',
      inspectionId: 'wirral-sif-2016',
      framework: 'SIF',
      kind: 'standard',
      inspectors: [],
      judgements: [{ area: 'the experiences of children who need help and protection', judgement: 'inadequate' }],
      overall: 'inadequate',
    },
    occurredAt: month('2016-09', 'September 2016'),
    source: WIRRAL_LETTER,
  },
  {
    kind: 'authority',
    key: '344',
    command: {
      type: 'LogMonitoringVisit',
      visitId: 'wirral-mv-7',
      number: 7,
      follows: 'wirral-sif-2016',
      fieldwork: { start: '2018-09-04', end: '2018-09-05' },
      letterDate: '2018-09-27',
      inspectors: [
        { name: 'Sheena Doyle', lead: false },
        { name: 'Shabana Abasi', lead: false },
      ],
      areasCovered: [
        'thresholds for safeguarding referrals',
        'timeliness of statutory intervention',
        'thresholds for convening child protection conferences',
        'effectiveness of child protection plans since April 2018',
      ],
    },
    occurredAt: { from: '2018-09-04', to: '2018-09-05', precision: 'day', label: '4 and 5 September 2018' },
    source: WIRRAL_LETTER,
  },
  {
    kind: 'plan',
    key: 'wirral-improvement',
    command: {
      type: 'CreatePlan',
      planId: 'wirral-improvement',
      laCode: '344',
      title: 'Improvement plan after the 2016 inspection',
      kind: 'improvement plan',
      respondsTo: 'wirral-sif-2016',
    },
    occurredAt: { from: '2016', precision: 'year', label: '2016 (month not on record)' },
    source: WIRRAL_LETTER,
  },
  {
    kind: 'plan',
    key: 'wirral-improvement',
    command: { type: 'DefineIndicator', indicatorId: 'children-on-cp-plans', name: 'Children on child protection plans', unit: 'count' },
    occurredAt: day('2018-09-27'),
    source: WIRRAL_LETTER,
  },
  {
    kind: 'plan',
    key: 'wirral-improvement',
    command: { type: 'MeasureIndicator', indicatorId: 'children-on-cp-plans', value: 253, at: '2018-03-31' },
    occurredAt: day('2018-03-31'),
    source: WIRRAL_LETTER,
  },
  {
    kind: 'plan',
    key: 'wirral-improvement',
    command: { type: 'MeasureIndicator', indicatorId: 'children-on-cp-plans', value: 422, at: '2018-09-05' },
    occurredAt: day('2018-09-05'),
    source: WIRRAL_LETTER,
  },
  {
    kind: 'plan',
    key: 'wirral-improvement',
    command: {
      type: 'DefineIndicator',
      indicatorId: 'icpc-in-timescale',
      name: 'Initial child protection conferences within statutory timescales',
      unit: 'percent',
      direction: 'higher is better',
    },
    occurredAt: day('2018-09-27'),
    source: WIRRAL_LETTER,
  },
  {
    kind: 'plan',
    key: 'wirral-improvement',
    command: {
      type: 'MeasureIndicator',
      indicatorId: 'icpc-in-timescale',
      value: 65.5,
      at: '2018-09-05',
      note: 'as found at the seventh monitoring visit',
    },
    occurredAt: day('2018-09-05'),
    source: WIRRAL_LETTER,
  },
];

const warrington: DemoStep[] = [
  {
    kind: 'authority',
    key: '877',
    command: { type: 'RegisterAuthority', laCode: '877', name: 'Warrington', region: 'North West', onsCode: 'E06000007' },
    occurredAt: day('2018-01-31', 'Tracked from the January 2018 focused visit'),
    source: WARRINGTON_LETTER,
  },
  {
    kind: 'authority',
    key: '877',
    command: {
      type: 'LogFocusedVisit',
      visitId: 'warrington-fv-2018',
      kind: 'focused visit',
      theme: 'children in need and children subject to a child protection plan',
      fieldwork: { start: '2018-01-31', end: '2018-02-01' },
      letterDate: '2018-02-23',
      inspectors: [
        { name: 'Lorna Schlechte', lead: true },
        { name: 'Neil Penswick', lead: false },
      ],
      priorityActionsSet: false,
    },
    occurredAt: { from: '2018-01-31', to: '2018-02-01', precision: 'day', label: '31 January and 1 February 2018' },
    source: WARRINGTON_LETTER,
  },
  {
    kind: 'authority',
    key: '877',
    command: {
      type: 'RecordFindings',
      findingsId: 'warrington-fv-2018-findings',
      regarding: 'warrington-fv-2018',
      recommendations: [],
      areasForPriorityAction: [],
      whatNeedsToImprove: [
        'Step-down from child protection and child in need plans before outstanding work is done',
        'Inconsistent quality of assessments and chronologies',
        'Variable quality of plans: actions, timescales and contingencies',
        'Audits without clear, timely action plans',
      ],
      strengths: ['Help and protection is mostly timely and proportionate', 'Increasingly robust management oversight'],
      weaknesses: [],
      progressNotes: [],
    },
    occurredAt: day('2018-02-23', '23 February 2018'),
    source: WARRINGTON_LETTER,
  },
];

export const DEMO_JOURNEYS: readonly DemoStep[] = [...worcestershire, ...wirral, ...warrington];
