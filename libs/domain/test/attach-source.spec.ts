import { authorityStream, type AuthorityCommand, type AuthorityEvent } from '@plan-ledger/domain';
import { given } from './given-when-then';

// Named ids: e1 the registration, e2 the 2016 inspection, e3 its findings, e4 a focused visit (given numbers them).
const registered: AuthorityEvent = { type: 'AuthorityRegistered', data: { laCode: '885', name: 'Worcestershire', region: 'WM' } };
const inspected: AuthorityEvent = {
  type: 'InspectionRecorded',
  data: { inspectionId: 'sif-2016', framework: 'SIF', kind: 'standard', inspectors: [], judgements: [], overall: 'inadequate' },
};
const findings: AuthorityEvent = {
  type: 'FindingsRecorded',
  data: {
    findingsId: 'sif-2016-findings',
    regarding: 'sif-2016',
    recommendations: ['Improve the front door.'],
    areasForPriorityAction: [],
    whatNeedsToImprove: [],
    strengths: [],
    weaknesses: [],
    progressNotes: [],
  },
};
const focusedVisit: AuthorityEvent = {
  type: 'FocusedVisitLogged',
  data: { visitId: 'fv-2019', kind: 'focused visit', theme: 'the front door', inspectors: [], priorityActionsSet: false },
};
const history = [registered, inspected, findings, focusedVisit];

const REPORT_SHA = 'a'.repeat(64);
const LETTER_SHA = 'b'.repeat(64);
const report = {
  title: 'SIF inspection of Worcestershire, 24 October to 17 November 2016',
  publisher: 'Ofsted',
  url: 'https://files.ofsted.gov.uk/v1/file/50000000',
  sha256: REPORT_SHA,
  pages: 42,
  publishedAt: { from: '2017-01-24', precision: 'day' },
};
const attach = (regarding: string, source: object = report): AuthorityCommand =>
  ({ type: 'AttachSource', regarding, source }) as AuthorityCommand;
const attached = (regarding: string, source: object = report): AuthorityEvent =>
  ({ type: 'SourceAttached', data: { regarding, source } }) as AuthorityEvent;
const when = (past: AuthorityEvent[], command: AuthorityCommand) => given(authorityStream, past).when(command);

describe('AttachSource', () => {
  it('attaches the report to inspection e2', () => {
    when(history, attach('e2')).then([attached('e2')]);
  });

  it('attaches a letter to focused visit e4 with only its title and digest', () => {
    const letter = { title: 'Focused visit letter', sha256: LETTER_SHA };
    when(history, attach('e4', letter)).then([attached('e4', letter)]);
  });

  it('refuses findings e3: a document is attached to the inspection or visit it is read from, not to its findings', () => {
    when(history, attach('e3')).thenRefused('UNKNOWN_REFERENCE', 'regarding');
  });

  it('refuses an event that is not in the stream', () => {
    when(history, attach('e99')).thenRefused('UNKNOWN_REFERENCE', 'regarding');
  });

  it('refuses inspection e2 once it is retracted (e5)', () => {
    const retracted: AuthorityEvent = { type: 'EventRetracted', data: { retractedEventId: 'e2', reason: 'wrong council' } };
    when([...history, retracted], attach('e2')).thenRefused('UNKNOWN_REFERENCE', 'regarding');
  });

  it('refuses report a…a on inspection e2 a second time (e5 attached it)', () => {
    when([...history, attached('e2')], attach('e2')).thenRefused('INVALID_COMMAND', 'source.sha256');
  });

  it('attaches report a…a to visit e4 though inspection e2 already has it: once per entry, not once per stream', () => {
    when([...history, attached('e2')], attach('e4')).then([attached('e4')]);
  });

  it('attaches report a…a to e2 again once its attachment e5 is retracted (e6)', () => {
    const retracted: AuthorityEvent = { type: 'EventRetracted', data: { retractedEventId: 'e5', reason: 'attached by mistake' } };
    when([...history, attached('e2'), retracted], attach('e2')).then([attached('e2')]);
  });

  it.each([
    ['a digest that is not 64 lowercase hex digits', { ...report, sha256: 'ABC' }, 'source.sha256'],
    ['no title', { sha256: REPORT_SHA }, 'source.title'],
    ['an address that is not http(s)', { ...report, url: 'javascript:alert(1)' }, 'source.url'],
    ['no pages', { ...report, pages: 0 }, 'source.pages'],
    [
      'a publication after the day it is recorded',
      { ...report, publishedAt: { from: '2099-01-01', precision: 'day' } },
      'source.publishedAt',
    ],
    ['a field a source does not have', { ...report, author: 'someone' }, 'source.author'],
  ])('refuses %s', (_, source, field) => {
    when(history, attach('e2', source)).thenRefused('INVALID_COMMAND', field);
  });

  it('corrects attachment e5 to another title', () => {
    when([...history, attached('e2')], {
      type: 'CorrectEvent',
      eventId: 'e5',
      changes: { source: { ...report, title: 'The report' } },
      reason: 'its title',
    }).then([
      {
        type: 'EventCorrected',
        data: { correctedEventId: 'e5', changes: { source: { ...report, title: 'The report' } }, reason: 'its title' },
      },
    ]);
  });

  it('refuses to re-aim attachment e5 at findings e3: the corrected attachment is decided again', () => {
    when([...history, attached('e2')], {
      type: 'CorrectEvent',
      eventId: 'e5',
      changes: { regarding: 'e3' },
      reason: 'wrong entry',
    }).thenRefused('UNKNOWN_REFERENCE', 'changes.regarding');
  });

  it('refuses to retract inspection e2 while attachment e5 names it', () => {
    when([...history, attached('e2')], { type: 'RetractEvent', eventId: 'e2', reason: 'duplicate' }).thenRefused(
      'UNKNOWN_REFERENCE',
      'eventId',
    );
  });
});
