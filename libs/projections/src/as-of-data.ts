import { businessTimeOfDate, happenedBy, startOf, type BusinessTime } from '@plan-ledger/domain';

/**
 * The dates inside an event's data that mark later steps of what it records: a review is carried out, then its
 * report published months later; an inspection's report is dated and published after the fieldwork. The event
 * happened by its occurredAt, but these steps only by their own dates.
 */
const LATER_STEPS: Readonly<Record<string, { readonly spans: readonly string[]; readonly dates: readonly string[] }>> = {
  ReviewPublished: { spans: ['completed', 'published'], dates: [] },
  InspectionRecorded: { spans: [], dates: ['reportDate', 'publishedOn'] },
  MonitoringVisitLogged: { spans: [], dates: ['letterDate', 'publishedOn'] },
  FocusedVisitLogged: { spans: [], dates: ['letterDate', 'publishedOn'] },
};

function isBusinessTime(value: unknown): value is BusinessTime {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'from' in value && typeof value.from === 'string';
}

/**
 * An event's data as of a business date: without the later steps that had not happened by then, so a view as of
 * April does not show a review as published in September. A step whose date may or may not have come (its span
 * runs past asOf) is kept, as the event itself would be. Only for data already known to have its type's shape;
 * every field dropped is optional in it.
 */
export function dataAsOf(type: string, data: Readonly<Record<string, unknown>>, asOf: string): Readonly<Record<string, unknown>> {
  const steps = LATER_STEPS[type];
  if (!steps) return data;
  const notYet = [
    ...steps.spans.filter((field) => {
      const value = data[field];
      return isBusinessTime(value) && happenedBy(value, asOf) === 'not yet';
    }),
    ...steps.dates.filter((field) => {
      const value = data[field];
      return typeof value === 'string' && startOf(businessTimeOfDate(value)) > asOf;
    }),
  ];
  if (notYet.length === 0) return data;
  return Object.fromEntries(Object.entries(data).filter(([field]) => !notYet.includes(field)));
}
