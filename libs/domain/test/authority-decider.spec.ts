import { authorityStream, type AuthorityCommand, type AuthorityEvent } from '@plan-ledger/domain';
import { given } from './given-when-then';

const registered: AuthorityEvent = { type: 'AuthorityRegistered', data: { laCode: '885', name: 'Worcestershire', region: 'WM' } };
const inspection = {
  inspectionId: 'sif-2016',
  framework: 'SIF' as const,
  kind: 'standard' as const,
  fieldwork: { start: '2016-10-24', end: '2016-11-17' },
  publishedOn: '2017-01-24',
  inspectors: [
    { name: 'A. Inspector', lead: true },
    { name: 'B. Inspector', lead: false },
  ],
  judgements: [{ area: 'children who need help and protection', judgement: 'inadequate' as const }],
  overall: 'inadequate' as const,
};
const inspected: AuthorityEvent = { type: 'InspectionRecorded', data: inspection };
const visit = (number: number, start: string) => ({
  visitId: `mv-${number}`,
  number,
  follows: 'sif-2016',
  fieldwork: { start, end: start },
  inspectors: [{ name: 'C. Inspector', lead: true }],
  areasCovered: ['front door'],
});
const when = (history: AuthorityEvent[], command: AuthorityCommand) => given(authorityStream, history).when(command);

describe('authority decider', () => {
  describe('registration', () => {
    it('registers a council once', () => {
      when([], { type: 'RegisterAuthority', laCode: '885', name: 'Worcestershire', region: 'WM' }).then([registered]);
      when([registered], { type: 'RegisterAuthority', laCode: '885', name: 'Worcestershire', region: 'WM' }).thenRefused(
        'ALREADY_STARTED',
        'laCode',
      );
    });

    it('refuses anything before registration', () => {
      when([], { type: 'RecordInspection', ...inspection }).thenRefused('NOT_STARTED', 'laCode');
    });
  });

  describe('inspections', () => {
    it('records a graded inspection', () => {
      when([registered], { type: 'RecordInspection', ...inspection }).then([inspected]);
    });

    it.each([
      ['fieldwork ending before it starts', { fieldwork: { start: '2016-11-17', end: '2016-10-24' } }, 'fieldwork.end'],
      ['an impossible fieldwork date', { fieldwork: { start: '2016-02-30', end: '2016-03-02' } }, 'fieldwork.start'],
      ['inspectors that are not a list', { inspectors: 'A. Inspector' }, 'inspectors'],
      [
        'two lead inspectors',
        {
          inspectors: [
            { name: 'A', lead: true },
            { name: 'B', lead: true },
          ],
        },
        'inspectors',
      ],
      ['a judgement off the scale', { overall: 'adequate' }, 'overall'],
      ['an area judgement off the scale', { judgements: [{ area: 'leadership', judgement: 'fine' }] }, 'judgements[0].judgement'],
      ['a malformed publication date', { publishedOn: '24/01/2017' }, 'publishedOn'],
    ])('refuses %s', (_, change, field) => {
      when([registered], { type: 'RecordInspection', ...inspection, ...change } as AuthorityCommand).thenRefused('INVALID_COMMAND', field);
    });

    describe("on its framework's scale", () => {
      const slac = {
        inspectionId: 'slac-2011',
        framework: 'SLAC 2009-2012' as const,
        kind: 'standard' as const,
        fieldwork: { start: '2011-05-09', end: '2011-05-20' },
        inspectors: [{ name: 'D. Inspector', lead: true }],
        judgements: [
          { area: 'safeguarding services: overall effectiveness', judgement: 'adequate' as const },
          { area: 'services for looked after children: overall effectiveness', judgement: 'good' as const },
        ],
        overall: 'adequate' as const,
      };

      it('records a 2009-2012 SLAC inspection judged on the old scale, "adequate" included', () => {
        when([registered], { type: 'RecordInspection', ...slac }).then([{ type: 'InspectionRecorded', data: slac }]);
      });

      it('records a 2012-2013 child protection inspection judged adequate', () => {
        const cp = { ...slac, inspectionId: 'cp-2013', framework: 'child protection 2012-2013' as const };
        when([registered], { type: 'RecordInspection', ...cp }).then([{ type: 'InspectionRecorded', data: cp }]);
      });

      it('refuses an ILACS inspection judged adequate overall', () => {
        when([registered], { type: 'RecordInspection', ...inspection, framework: 'ILACS', overall: 'adequate' }).thenRefused(
          'INVALID_COMMAND',
          'overall',
        );
      });

      it('refuses a SIF area judgement of adequate', () => {
        const judgements = [{ area: 'adoption performance', judgement: 'adequate' }];
        when([registered], { type: 'RecordInspection', ...inspection, judgements } as AuthorityCommand).thenRefused(
          'INVALID_COMMAND',
          'judgements[0].judgement',
        );
      });

      it('refuses a SLAC inspection judged "requires improvement to be good" overall', () => {
        when([registered], { type: 'RecordInspection', ...slac, overall: 'requires improvement to be good' }).thenRefused(
          'INVALID_COMMAND',
          'overall',
        );
      });

      it('refuses a framework the ledger does not record', () => {
        given(authorityStream, [registered])
          .when({ type: 'RecordInspection', ...slac, framework: 'CRA 2009-2013' })
          .thenRefused('INVALID_COMMAND', 'framework');
      });

      it('refuses a correction that moves a SIF inspection onto the old scale', () => {
        when([registered, inspected], {
          type: 'CorrectEvent',
          eventId: 'e2',
          changes: { overall: 'adequate' },
          reason: 'misread',
        }).thenRefused('INVALID_COMMAND', 'changes.overall');
      });

      it('corrects the framework and the judgement of an inspection together', () => {
        const changes = { framework: 'SLAC 2009-2012', overall: 'adequate' };
        when([registered, inspected], { type: 'CorrectEvent', eventId: 'e2', changes, reason: 'an older report' }).then([
          { type: 'EventCorrected', data: { correctedEventId: 'e2', changes, reason: 'an older report' } },
        ]);
      });
    });

    it('refuses an inspection id used twice', () => {
      when([registered, inspected], { type: 'RecordInspection', ...inspection }).thenRefused('INVALID_COMMAND', 'inspectionId');
    });
  });

  describe('monitoring visits', () => {
    it('logs visits whose numbers increase', () => {
      const first: AuthorityEvent = { type: 'MonitoringVisitLogged', data: visit(1, '2017-05-10') };
      when([registered, inspected], { type: 'LogMonitoringVisit', ...visit(1, '2017-05-10') }).then([first]);
      when([registered, inspected, first], { type: 'LogMonitoringVisit', ...visit(2, '2017-09-12') }).then([
        { type: 'MonitoringVisitLogged', data: visit(2, '2017-09-12') },
      ]);
    });

    it('refuses a visit number that does not increase', () => {
      const second: AuthorityEvent = { type: 'MonitoringVisitLogged', data: visit(2, '2017-09-12') };
      when([registered, inspected, second], { type: 'LogMonitoringVisit', ...visit(2, '2017-10-01'), visitId: 'mv-x' }).thenRefused(
        'INVALID_COMMAND',
        'number',
      );
      when([registered, inspected, second], { type: 'LogMonitoringVisit', ...visit(1, '2017-10-01'), visitId: 'mv-y' }).thenRefused(
        'INVALID_COMMAND',
        'number',
      );
    });

    it('refuses fieldwork that ends before it starts', () => {
      when([registered], {
        type: 'LogMonitoringVisit',
        ...visit(1, '2017-05-10'),
        fieldwork: { start: '2017-05-11', end: '2017-05-10' },
      }).thenRefused('INVALID_COMMAND', 'fieldwork.end');
    });
  });

  describe('findings, interventions, appointments, reviews', () => {
    const findings = {
      findingsId: 'f1',
      regarding: 'sif-2016',
      recommendations: ['r1'],
      areasForPriorityAction: [],
      whatNeedsToImprove: [],
      strengths: [],
      weaknesses: [],
      progressNotes: [],
    };

    it('records findings about a known inspection or visit only', () => {
      when([registered, inspected], { type: 'RecordFindings', ...findings }).then([{ type: 'FindingsRecorded', data: findings }]);
      when([registered], { type: 'RecordFindings', ...findings }).thenRefused('UNKNOWN_REFERENCE', 'regarding');
    });

    it('lifts only an intervention in force', () => {
      const issued: AuthorityEvent = { type: 'InterventionIssued', data: { interventionId: 'sd-2017', kind: 'statutory direction' } };
      const lifted: AuthorityEvent = { type: 'InterventionLifted', data: { interventionId: 'sd-2017' } };
      when([registered, issued], { type: 'LiftIntervention', interventionId: 'sd-2017' }).then([lifted]);
      when([registered], { type: 'LiftIntervention', interventionId: 'sd-2017' }).thenRefused('UNKNOWN_REFERENCE', 'interventionId');
      when([registered, issued, lifted], { type: 'LiftIntervention', interventionId: 'sd-2017' }).thenRefused(
        'UNKNOWN_REFERENCE',
        'interventionId',
      );
      when([registered, issued, lifted], { type: 'IssueIntervention', interventionId: 'sd-2017', kind: 'revised direction' }).thenRefused(
        'INVALID_COMMAND',
        'interventionId',
      );
    });

    it('makes appointments and publishes reviews with their facts', () => {
      when([registered], {
        type: 'MakeAppointment',
        appointmentId: 'essex',
        role: 'improvement partner',
        name: 'Essex County Council',
      }).then([{ type: 'AppointmentMade', data: { appointmentId: 'essex', role: 'improvement partner', name: 'Essex County Council' } }]);
      when([registered], { type: 'MakeAppointment', appointmentId: 'c1', role: 'commissioner', name: ' ' }).thenRefused(
        'INVALID_COMMAND',
        'name',
      );
      when([registered], {
        type: 'PublishReview',
        reviewId: 'r1',
        title: "Commissioner's review",
        completed: { from: '2017-04', to: '2017-03', precision: 'month' },
      }).thenRefused('INVALID_COMMAND', 'completed.to');
    });
  });

  describe('corrections', () => {
    const history: AuthorityEvent[] = [registered, inspected];

    it('corrects fields of an earlier event of the stream, saying why', () => {
      when(history, { type: 'CorrectEvent', eventId: 'e2', changes: { publishedOn: '2017-01-25' }, reason: 'typo in the date' }).then([
        { type: 'EventCorrected', data: { correctedEventId: 'e2', changes: { publishedOn: '2017-01-25' }, reason: 'typo in the date' } },
      ]);
    });

    it('retracts an earlier event', () => {
      when(history, { type: 'RetractEvent', eventId: 'e2', reason: 'recorded against the wrong council' }).then([
        { type: 'EventRetracted', data: { retractedEventId: 'e2', reason: 'recorded against the wrong council' } },
      ]);
    });

    it.each([
      ['an event not in the stream', { eventId: 'elsewhere', changes: { overall: 'good' } }, 'UNKNOWN_REFERENCE', 'eventId'],
      ['a field the event does not have', { eventId: 'e2', changes: { mood: 'good' } }, 'INVALID_COMMAND', 'changes.mood'],
      ['no change at all', { eventId: 'e2', changes: {} }, 'INVALID_COMMAND', 'changes'],
      ['no reason', { eventId: 'e2', changes: { overall: 'good' }, reason: '' }, 'INVALID_COMMAND', 'reason'],
      [
        'a bad new business date',
        { eventId: 'e2', changes: {}, newOccurredAt: { from: '2016-13', precision: 'month' } },
        'INVALID_COMMAND',
        'newOccurredAt.from',
      ],
    ])('refuses a correction of %s', (_, command, code, field) => {
      when(history, { type: 'CorrectEvent', reason: 'because', ...command } as AuthorityCommand).thenRefused(
        code as 'INVALID_COMMAND',
        field,
      );
    });

    it('refuses to correct a retracted event', () => {
      const retracted: AuthorityEvent = { type: 'EventRetracted', data: { retractedEventId: 'e2', reason: 'wrong council' } };
      when([...history, retracted], { type: 'CorrectEvent', eventId: 'e2', changes: { overall: 'good' }, reason: 'x' }).thenRefused(
        'INVALID_COMMAND',
        'eventId',
      );
    });

    it('retracts a retraction, which restores the event', () => {
      const retracted: AuthorityEvent = { type: 'EventRetracted', data: { retractedEventId: 'e2', reason: 'wrong council' } };
      when([...history, retracted], { type: 'RetractEvent', eventId: 'e3', reason: 'it was the right council' }).then([
        { type: 'EventRetracted', data: { retractedEventId: 'e3', reason: 'it was the right council' } },
      ]);
    });
  });
});
