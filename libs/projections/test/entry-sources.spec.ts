import { authorityView, effectiveLedger } from '@plan-ledger/projections';
import type { JsonObject, RecordedEvent } from '@plan-ledger/event-store';
import { INSPECTION_2016, REGISTERED } from './support/fixtures';
import { stream } from './support/recorded-events';

const AUTHORITY = 'authority-885';
const SLIDES_SHA = 'a'.repeat(64);
const REPORT_SHA = 'b'.repeat(64);
const LETTER_SHA = 'c'.repeat(64);
const report: JsonObject = {
  title: 'SIF inspection of Worcestershire',
  publisher: 'Ofsted',
  sha256: REPORT_SHA,
  pages: 42,
  publishedAt: { from: '2017-01-24', precision: 'day' },
};
const attached = (regarding: string, source: JsonObject, id: string) => ({ type: 'SourceAttached', data: { regarding, source }, id });
const VISIT: JsonObject = { visitId: 'fv-2019', kind: 'focused visit', theme: 'the front door', inspectors: [], priorityActionsSet: false };

/** The inspection `insp` as the importer records it: the document it was read from in the envelope. */
function recordedFrom(events: RecordedEvent[], eventId: string, source: JsonObject & { title: string }): RecordedEvent[] {
  return events.map((event) => (event.eventId === eventId ? { ...event, metadata: { ...event.metadata, source } } : event));
}

describe("an inspection's and a visit's sources", () => {
  const events = recordedFrom(
    stream(AUTHORITY, [
      { type: 'AuthorityRegistered', data: REGISTERED },
      { type: 'InspectionRecorded', data: INSPECTION_2016, id: 'insp' },
      { type: 'FocusedVisitLogged', data: VISIT, id: 'visit' },
      attached('insp', report, 'attach-report'),
      attached('visit', { title: 'Focused visit letter', sha256: LETTER_SHA }, 'attach-letter'),
      // The document the inspection was recorded from, attached again: listed once.
      attached('insp', { title: 'Board slides, again', sha256: SLIDES_SHA }, 'attach-slides'),
    ]),
    'insp',
    { title: 'Board slides', date: '2017-03', sha256: SLIDES_SHA },
  );

  it('lists the document an entry was recorded from, then those attached since, oldest first, each document once', () => {
    const view = authorityView(effectiveLedger(events).entries);
    expect(view?.inspections[0].sources).toEqual([
      {
        eventId: 'insp',
        title: 'Board slides',
        publisher: null,
        url: null,
        sha256: SLIDES_SHA,
        pages: null,
        publishedAt: { from: '2017-03', precision: 'month' },
        attachedAt: '2020-01-01T10:01:00.000Z',
      },
      {
        eventId: 'attach-report',
        title: 'SIF inspection of Worcestershire',
        publisher: 'Ofsted',
        url: null,
        sha256: REPORT_SHA,
        pages: 42,
        publishedAt: { from: '2017-01-24', precision: 'day' },
        attachedAt: '2020-01-01T10:03:00.000Z',
      },
    ]);
    expect(view?.visits[0].sources.map((s) => s.eventId)).toEqual(['attach-letter']);
  });

  it('drops an attachment once it is retracted', () => {
    const retracted = [
      ...events,
      ...stream(AUTHORITY, [{ type: 'EventRetracted', data: { retractedEventId: 'attach-report', reason: 'wrong report' } }], {
        firstPosition: 7,
      }).map((event) => ({ ...event, revision: 6n, eventId: 'retraction' })),
    ];
    expect(authorityView(effectiveLedger(retracted).entries)?.inspections[0].sources.map((s) => s.eventId)).toEqual(['insp']);
  });

  it('shows no attachment before the business date it was published on (asOf)', () => {
    const dated = stream(AUTHORITY, [
      { type: 'AuthorityRegistered', data: REGISTERED, occurredAt: { from: '2016-01-01', precision: 'day' } },
      { type: 'InspectionRecorded', data: INSPECTION_2016, id: 'insp', occurredAt: { from: '2016-10-24', precision: 'day' } },
      { ...attached('insp', report, 'attach-report'), occurredAt: { from: '2017-01-24', precision: 'day' } },
    ]);
    expect(authorityView(effectiveLedger(dated, '2016-12-01').entries)?.inspections[0].sources).toEqual([]);
    expect(authorityView(effectiveLedger(dated, '2017-02-01').entries)?.inspections[0].sources).toHaveLength(1);
  });
});
