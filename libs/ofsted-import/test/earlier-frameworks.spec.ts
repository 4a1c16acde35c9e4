import { authorityStream, decideOnHistory, DomainRuleViolation, type HistoryEvent } from '@plan-ledger/domain';
import { draftImport, type ImportDraft } from '@plan-ledger/ofsted-import';

/**
 * Reports of the 2009-2013 frameworks, shaped as Ofsted laid them out (a title, the council, the dates, the reporting
 * inspector, a table of grades on the old scale), are recorded under their own framework with their own grades, by
 * the same parse and decider as every write.
 */

const CHILD_PROTECTION_2013 = `
Inspection of local authority arrangements for the protection of children
Sheffield City Council
Inspection dates: 14 January 2013 to 25 January 2013
Lead inspector: Kit Example HMI
Overall effectiveness Adequate
The effectiveness of the help and protection provided to children, young people, families and carers Adequate
The quality of practice Adequate
Leadership and governance Good
Areas for improvement
- Ensure that assessments are completed within timescales.
`;

const SLAC_2010 = `
Inspection of safeguarding and looked after children services
Cornwall Council
Inspection dates: 8 November 2010 to 19 November 2010
Reporting inspector Lee Sample HMI
Safeguarding services
Overall effectiveness Grade 4 (inadequate)
Capacity for improvement Grade 3 (adequate)
Looked after children services
Overall effectiveness Grade 3 (adequate)
Capacity for improvement Grade 3 (adequate)
`;

const UNANNOUNCED_2010 = `
Ofsted unannounced inspection of contact, referral and assessment arrangements within local authority children's services
Local authority: Cornwall Council
Inspection dates: 2 - 3 March 2010
Reporting inspector: Lee Sample HMI
Key strengths
- Referrals are screened by qualified social workers.
Areas for development
- Complete initial assessments within seven working days.
`;

const RECORDED_ON = '2026-11-24';

/** Records a draft's commands in order on an empty log, as applyImport does, through the stream's parse and decider. */
function record(draft: ImportDraft): HistoryEvent[] {
  const history: HistoryEvent[] = [];
  for (const { command, occurredAt } of draft.commands) {
    const context = { recordedOn: RECORDED_ON, occurredAt };
    const events = decideOnHistory(authorityStream, authorityStream.parse(command, context), history, context);
    history.push(...events.map((event, i) => ({ ...event, eventId: `e${history.length + i + 1}` }) as HistoryEvent));
  }
  return history;
}

describe('reports of the 2009-2013 frameworks', () => {
  it('a 2012-13 child protection inspection is recorded with its framework and its grades on the old scale', async () => {
    const draft = await draftImport(Buffer.from(CHILD_PROTECTION_2013), { fileName: 'sheffield.txt' });
    expect(draft.blockers).toEqual([]);
    const recorded = record(draft).find((event) => event.type === 'InspectionRecorded');
    expect(recorded?.data).toMatchObject({
      framework: 'child protection 2012-2013',
      fieldwork: { start: '2013-01-14', end: '2013-01-25' },
      inspectors: [{ name: 'Kit Example', lead: true }],
      judgements: [
        {
          area: 'the effectiveness of the help and protection provided to children, young people, families and carers',
          judgement: 'adequate',
        },
        { area: 'the quality of practice', judgement: 'adequate' },
        { area: 'leadership and governance', judgement: 'good' },
      ],
      overall: 'adequate',
    });
  });

  it('a 2010 SLAC inspection is recorded with its four grades, the safeguarding overall effectiveness as its overall', async () => {
    const draft = await draftImport(Buffer.from(SLAC_2010), { fileName: 'cornwall.txt' });
    expect(draft.blockers).toEqual([]);
    const recorded = record(draft).find((event) => event.type === 'InspectionRecorded');
    expect(recorded?.data).toMatchObject({
      framework: 'SLAC 2009-2012',
      inspectors: [{ name: 'Lee Sample', lead: true }],
      overall: 'inadequate',
    });
    expect((recorded?.data as { judgements: unknown[] }).judgements).toHaveLength(4);
  });

  it('a judgement the framework did not make is not recorded, never copied from another', async () => {
    const draft = await draftImport(Buffer.from(CHILD_PROTECTION_2013), { fileName: 'sheffield.txt' });
    expect(draft.reading.judgements.filter((j) => j.judgement.status === 'not judged').map((j) => j.summaryArea)).toEqual([
      'in_care',
      'care_leavers',
    ]);
    const inspection = draft.commands.find((c) => c.command.type === 'RecordInspection')!.command;
    expect(inspection.judgements).not.toContainEqual(expect.objectContaining({ area: 'the experiences and progress of children in care' }));
  });

  it('an old-scale grade under a SIF framework would still be refused by the domain, naming the field and the rule', async () => {
    const draft = await draftImport(Buffer.from(CHILD_PROTECTION_2013), { fileName: 'sheffield.txt' });
    const inspection = draft.commands.find((c) => c.command.type === 'RecordInspection')!;
    const context = { recordedOn: RECORDED_ON, occurredAt: inspection.occurredAt };
    let refusal: unknown;
    try {
      authorityStream.parse({ ...inspection.command, framework: 'SIF' }, context);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainRuleViolation);
    expect(refusal).toMatchObject({ field: 'judgements[0].judgement' });
    expect(String((refusal as Error).message)).toMatch(/"adequate" belongs to the 2009-2013 scale only/);
  });

  it('an unannounced inspection (no overall judgement) is logged as one through the same parse and decider, with its findings', async () => {
    const history = record(await draftImport(Buffer.from(UNANNOUNCED_2010), { fileName: 'cornwall.txt' }));
    expect(history.map((e) => e.type)).toEqual(['AuthorityRegistered', 'FocusedVisitLogged', 'FindingsRecorded']);
    expect(history[1].data).toMatchObject({ kind: 'unannounced inspection', theme: 'contact, referral and assessment arrangements' });
    expect(history[2].data).toMatchObject({
      strengths: ['Referrals are screened by qualified social workers.'],
      weaknesses: ['Complete initial assessments within seven working days.'],
    });
  });
});
