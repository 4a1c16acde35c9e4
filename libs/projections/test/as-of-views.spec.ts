import { authorityReport, authorityView, effectiveEntries } from '@plan-ledger/projections';
import { REGISTERED } from './support/fixtures';
import { stream } from './support/recorded-events';

/** Worcestershire 2017: a direction in March, a commissioner's review carried out March/April and published in September. */
const events = stream('authority-885', [
  { type: 'AuthorityRegistered', data: REGISTERED, occurredAt: { from: '2016-10-24', precision: 'day' } },
  {
    type: 'InterventionIssued',
    data: { interventionId: 'direction-2017', kind: 'statutory direction' },
    occurredAt: { from: '2017-03', precision: 'month' },
  },
  {
    type: 'AppointmentMade',
    data: { appointmentId: 'commissioner', role: 'commissioner', name: "DfE children's services commissioner" },
    occurredAt: { from: '2017-03', precision: 'month' },
  },
  {
    type: 'ReviewPublished',
    data: {
      reviewId: 'review-2017',
      title: "Commissioner's review",
      completed: { from: '2017-03', to: '2017-04', precision: 'month', label: 'March/April 2017' },
      published: { from: '2017-09', precision: 'month', label: 'September 2017' },
    },
    occurredAt: { from: '2017-03', to: '2017-04', precision: 'month', label: 'March/April 2017' },
  },
  {
    type: 'AppointmentMade',
    data: { appointmentId: 'essex', role: 'improvement partner', name: 'Essex County Council' },
    occurredAt: { from: '2017-08', precision: 'month' },
  },
  {
    type: 'InterventionLifted',
    data: { interventionId: 'direction-2017' },
    occurredAt: { from: '2019-06', precision: 'month' },
  },
]);

describe('as-of views show only what had happened by then', () => {
  it('does not show a review as published before it was (as of 2017-04-15, not September)', () => {
    const view = authorityView(effectiveEntries(events, '2017-04-15'))!;
    expect(view.reviews).toEqual([
      expect.objectContaining({ reviewId: 'review-2017', completed: expect.objectContaining({ label: 'March/April 2017' }) }),
    ]);
    expect(view.reviews[0]).not.toHaveProperty('published');
  });

  it('shows the publication once it had happened', () => {
    const view = authorityView(effectiveEntries(events, '2017-10-01'))!;
    expect(view.reviews[0].published).toEqual({ from: '2017-09', precision: 'month', label: 'September 2017' });
  });

  it('cuts appointments and interventions by their business time', () => {
    const april = authorityView(effectiveEntries(events, '2017-04-15'))!;
    expect(april.appointments.map((a) => a.appointmentId)).toEqual(['commissioner']);
    expect(april.currentIntervention).toMatchObject({ interventionId: 'direction-2017', inForce: true, lifted: null });
    const later = authorityView(effectiveEntries(events, '2019-07-01'))!;
    expect(later.appointments.map((a) => a.appointmentId)).toEqual(['commissioner', 'essex']);
    expect(later.currentIntervention).toBeNull();
  });

  it('gives the report (ledger replay, authorityReport) the same cut', () => {
    const report = authorityReport(events, '885', { knownAt: '2030-01-01T00:00:00.000Z', asOf: '2017-04-15' })!;
    expect(report.authority.reviews[0]).not.toHaveProperty('published');
    expect(report.timeline.map((line) => line.title)).not.toContain("Commissioner's review published");
  });

  it('leaves the data whole without asOf', () => {
    const view = authorityView(effectiveEntries(events))!;
    expect(view.reviews[0].published).toBeDefined();
  });
});
