/** One shape parser per stream kind: what every write path runs before a decider sees a command. */
export * from './bounds';
export { CommandRejected, type Problem } from './command-rejected';
export {
  parseWith,
  problemsWith,
  fieldPath,
  itemPath,
  report,
  type ParseContext,
  type Schema,
  type OptionalSchema,
  type Scope,
} from './schema';
export { text, id, shortText, longText, type TextOptions } from './text';
export { enumOf } from './enum-of';
export { boolean } from './boolean';
export { number, integer, type NumberBounds } from './numbers';
export type { DateBound } from './date-bounds';
export { isoDate } from './iso-date';
export { partialDate } from './partial-date';
export { dateRange } from './date-range';
export { businessTime, parseBusinessTime } from './business-time';
export { list } from './list';
export { object, type Shape, type Refinement } from './object';
export { optional } from './optional';
export { refine } from './refine';
export { fieldChanges } from './json-record';
export {
  EVENT_TYPE_OF_COMMAND,
  EVENT_DATA_SCHEMAS,
  isDataEventType,
  parseEventData,
  type DataEvent,
  type DataEventType,
  type DataCommand,
  type DataCommandType,
  type EventDataOf,
} from './event-data';
export { AUTHORITY_COMMAND_TYPES, PLAN_COMMAND_TYPES, AUTHORITY_COMMAND_SCHEMAS, PLAN_COMMAND_SCHEMAS } from './command-schemas';
export { parseAuthorityCommand } from './authority-command';
export { parsePlanCommand } from './plan-command';
