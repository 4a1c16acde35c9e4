import { draftImport, type ImportDraft } from '@plan-ledger/ofsted-import';
import type { FocusedVisitLoggedData } from '@plan-ledger/domain';
import type { LedgerEntry, LedgerEntryOf } from '@plan-ledger/projections';
import { matchDraft } from './import-match';

/** A focused-visit letter written for this test in the shape Ofsted uses; no text from a real letter. */
const LETTER = `
14 March 2021

Dear Ms Director

Focused visit to Rutland children's services

This letter summarises the findings of a focused visit to Rutland children's services on 2 and 3 March 2021. The inspectors were Amy Example HMI and Ben Sample HMI.

Inspectors looked at the local authority's arrangements for care leavers.

What needs to improve in this area of social work practice

- The timeliness of pathway plans.

Yours sincerely

Amy Example (Lead Inspector)
Her Majesty's Inspector
`;

const base = {
  streamId: 'authority-857',
  revision: 0n,
  position: 1n,
  recordedAt: '2021-04-01T00:00:00Z',
  corrections: [],
  uncertain: false,
};
const actor = { id: 'local:test', role: 'admin' };

function visitOnRecord(overrides: Partial<FocusedVisitLoggedData> = {}, occurredFrom = '2021-03-02'): LedgerEntry {
  const entry: LedgerEntryOf<'FocusedVisitLogged'> = {
    ...base,
    actor,
    eventId: 'visit-event',
    type: 'FocusedVisitLogged',
    occurredAt: { from: occurredFrom, precision: occurredFrom.length === 7 ? ('month' as const) : ('day' as const) },
    data: {
      visitId: 'rutland-fv-2021',
      kind: 'focused visit',
      theme: 'care leavers',
      fieldwork: { start: '2021-03-02', end: '2021-03-03' },
      letterDate: '2021-03-14',
      inspectors: [
        { name: 'Amy Example', lead: true },
        { name: 'Ben Sample', lead: false },
      ],
      priorityActionsSet: false,
      ...overrides,
    },
  };
  return entry;
}

function findingsOnRecord(whatNeedsToImprove: string[]): LedgerEntry {
  const entry: LedgerEntryOf<'FindingsRecorded'> = {
    ...base,
    actor,
    eventId: 'findings-event',
    type: 'FindingsRecorded',
    occurredAt: { from: '2021-03-14', precision: 'day' },
    data: {
      findingsId: 'rutland-fv-2021-findings',
      regarding: 'rutland-fv-2021',
      recommendations: [],
      areasForPriorityAction: [],
      whatNeedsToImprove,
      strengths: [],
      weaknesses: [],
      progressNotes: [],
    },
  };
  return entry;
}

describe('matching a draft against the record', () => {
  let draft: ImportDraft;
  beforeAll(async () => {
    draft = await draftImport(Buffer.from(LETTER), { fileName: 'rutland.txt' });
  });

  it('new when nothing on record overlaps: every command of the draft', () => {
    expect(matchDraft(draft, undefined)).toMatchObject({ status: 'new', commands: draft.commands });
    const earlier = visitOnRecord({ fieldwork: { start: '2019-03-02', end: '2019-03-03' } });
    expect(matchDraft(draft, [earlier])?.status).toBe('new');
  });

  it('already on record when the same visit and its findings hold what the document says: only the document to attach', () => {
    const match = matchDraft(draft, [visitOnRecord(), findingsOnRecord(['The timeliness of pathway plans.'])]);
    expect(match).toMatchObject({ status: 'already on record', document: 'to attach', changes: [], onRecord: { id: 'rutland-fv-2021' } });
    expect(match?.commands).toEqual([
      {
        kind: 'authority',
        key: '857',
        command: {
          type: 'AttachSource',
          regarding: 'visit-event',
          source: {
            title: draft.source.title,
            publisher: 'Ofsted',
            sha256: draft.sha256,
            publishedAt: { from: '2021-03-14', precision: 'day' },
          },
        },
        occurredAt: { from: '2021-03-14', precision: 'day' },
        commandId: `import-${draft.sha256.slice(0, 24)}-attach-visit-event`,
      },
    ]);
  });

  it('already on record and already attached when the entry was recorded from the same document: nothing to record', () => {
    const recordedFrom = { ...visitOnRecord(), source: { title: 'the letter', sha256: draft.sha256 } };
    const match = matchDraft(draft, [recordedFrom, findingsOnRecord(['The timeliness of pathway plans.'])]);
    expect(match).toMatchObject({ status: 'already on record', document: 'already attached', commands: [] });
    expect(match?.explanation).toMatch(/already attached as a source/);
  });

  it('already attached when a SourceAttached of the same SHA-256 names the entry; another document is still attached', () => {
    const attachment = (sha256: string): LedgerEntry => ({
      ...base,
      actor,
      eventId: `attached-${sha256.slice(0, 4)}`,
      type: 'SourceAttached',
      occurredAt: { from: '2021-03-14', precision: 'day' },
      data: { regarding: 'visit-event', source: { title: 'the letter', sha256 } },
    });
    const findings = findingsOnRecord(['The timeliness of pathway plans.']);
    expect(matchDraft(draft, [visitOnRecord(), findings, attachment(draft.sha256)])).toMatchObject({
      document: 'already attached',
      commands: [],
    });
    expect(matchDraft(draft, [visitOnRecord(), findings, attachment('0'.repeat(64))])?.document).toBe('to attach');
  });

  it('differs: corrections field by field, old and new, against the entry on record (matched by month too)', () => {
    const match = matchDraft(draft, [visitOnRecord({ inspectors: [], fieldwork: undefined }, '2021-03'), findingsOnRecord([])])!;
    expect(match.status).toBe('differs');
    expect(match.changes).toEqual([
      { field: 'visit.fieldwork', old: null, new: { start: '2021-03-02', end: '2021-03-03' } },
      {
        field: 'visit.inspectors',
        old: [],
        new: [
          { name: 'Amy Example', lead: true },
          { name: 'Ben Sample', lead: false },
        ],
      },
      { field: 'findings.whatNeedsToImprove', old: [], new: ['The timeliness of pathway plans.'] },
    ]);
    expect(match.commands.map((c) => c.command)).toEqual([
      expect.objectContaining({ type: 'CorrectEvent', eventId: 'visit-event' }),
      expect.objectContaining({
        type: 'CorrectEvent',
        eventId: 'findings-event',
        changes: { whatNeedsToImprove: ['The timeliness of pathway plans.'] },
      }),
      // Corrected from the document, the visit now rests on it too.
      expect.objectContaining({ type: 'AttachSource', regarding: 'visit-event' }),
    ]);
  });

  it('records findings against the entry on record when it has none, never a second visit', () => {
    const match = matchDraft(draft, [visitOnRecord()])!;
    expect(match.status).toBe('differs');
    expect(match.commands.map((c) => c.command)).toEqual([
      expect.objectContaining({ type: 'RecordFindings', regarding: 'rutland-fv-2021', findingsId: 'rutland-fv-2021-findings' }),
      expect.objectContaining({ type: 'AttachSource', regarding: 'visit-event' }),
    ]);
  });
});
