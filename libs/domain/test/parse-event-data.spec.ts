import {
  AUTHORITY_COMMAND_TYPES,
  CommandRejected,
  EVENT_DATA_SCHEMAS,
  EVENT_TYPE_OF_COMMAND,
  PLAN_COMMAND_TYPES,
  parseBusinessTime,
  parseEventData,
} from '../src/parse';

const context = { recordedOn: '2026-11-24' };

const inspected = {
  inspectionId: 'sif-2016',
  framework: 'SIF',
  kind: 'standard',
  inspectors: [],
  judgements: [],
  overall: 'inadequate',
};

describe('event data: the same rules for a corrected event', () => {
  it('maps every command but corrections to the event it records, and every such event to a schema', () => {
    const commands = [...AUTHORITY_COMMAND_TYPES, ...PLAN_COMMAND_TYPES].filter(
      (type) => type !== 'CorrectEvent' && type !== 'RetractEvent',
    );
    expect(Object.keys(EVENT_TYPE_OF_COMMAND).sort()).toEqual(commands.sort());
    expect(Object.keys(EVENT_DATA_SCHEMAS).sort()).toEqual(Object.values(EVENT_TYPE_OF_COMMAND).sort());
  });

  it('given an inspection corrected to overall "good", when its merged data is checked, then there is no problem', () => {
    expect(parseEventData('InspectionRecorded', { ...inspected, overall: 'good' }, context)).toEqual([]);
  });

  it('given an inspection corrected to overall "excellent", when its merged data is checked, then overall is named', () => {
    expect(parseEventData('InspectionRecorded', { ...inspected, overall: 'excellent' }, context)).toEqual([
      { field: 'overall', rule: 'must be one of outstanding, good, requires improvement to be good, adequate, inadequate' },
    ]);
  });

  it('given a correction adding a field the event does not have, when checked, then that field is named', () => {
    expect(parseEventData('PrioritySet', { priorityId: 'p', title: 't', colour: 'red' }, context)).toEqual([
      { field: 'colour', rule: 'is not a field of SetPriority (its fields: priorityId, title, description)' },
    ]);
  });

  it('given a grade corrected to purple, when checked, then grade is named', () => {
    const data = { target: 'plan', grade: 'purple', gradedBy: 'board' };
    expect(parseEventData('ProgressGraded', data, context).map((p) => p.field)).toEqual(['grade']);
  });

  it('given an event type that carries no data of its own, when checked, then type is named', () => {
    expect(parseEventData('EventCorrected', {}, context).map((p) => p.field)).toEqual(['type']);
  });

  it('given data that is not an object, when checked, then data is named', () => {
    expect(parseEventData('PlanClosed', 'closed', context).map((p) => p.field)).toEqual(['data']);
  });
});

describe("the envelope's business time", () => {
  it('given a month span with its words, when parsed, then it is kept as written', () => {
    const time = { from: '2017-03', to: '2017-04', precision: 'month', label: 'Mar/Apr 2017' };
    expect(parseBusinessTime(time, 'occurredAt', context)).toEqual(time);
  });

  it('given a span still running on the day it is recorded, when parsed, then it is accepted', () => {
    const time = { from: '2026-11-20', to: '2026-12-04', precision: 'day' };
    expect(parseBusinessTime(time, 'occurredAt', context)).toEqual(time);
  });

  it.each([
    ['it starts after the day it is recorded', { from: '2026-11-25', precision: 'day' }, 'occurredAt', /after the day it is recorded/],
    ['it is before 2000', { from: '1999', precision: 'year' }, 'occurredAt', /before 2000-01-01/],
    ['it ends after 2100', { from: '2020', to: '2101', precision: 'year' }, 'occurredAt', /after 2100-12-31/],
    ['its precision is a week', { from: '2017-06', precision: 'week' }, 'occurredAt.precision', /day, month, year/],
    ['it has an unknown field', { from: '2017-06', precision: 'month', tz: 'UTC' }, 'occurredAt.tz', /not a field/],
    ['its label holds ESC', { from: '2017-06', precision: 'month', label: 'June\u001b2017' }, 'occurredAt.label', /control/],
  ])('given a business time where %s, when parsed, then it is refused', (_, time, field, rule) => {
    let error: unknown;
    try {
      parseBusinessTime(time, 'occurredAt', context);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CommandRejected);
    expect((error as CommandRejected).problems[0].field).toBe(field);
    expect((error as CommandRejected).problems[0].rule).toMatch(rule);
  });
});
