export type { ValidationProblem } from './validation/validation-problem';
export type { BusinessTime, DatePrecision } from './business-time/business-time';
export { DATE_PRECISIONS, businessTimeProblems } from './business-time/business-time';
