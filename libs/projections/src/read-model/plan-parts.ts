/**
 * The parts of a plan that grow with its history: an indicator's measurements and the board's meetings (at 1M events
 * a plan holds thousands of measurements and a hundred meetings, against a hundred actions). A read that does not
 * show them leaves them out; the answer then has them empty, never partly filled.
 */
export interface PlanParts {
  readonly measurements: boolean;
  readonly boardMeetings: boolean;
}

export const WHOLE_PLAN: PlanParts = { measurements: true, boardMeetings: true };
/** The plan, its priorities, actions, grades and indicators' definitions: what a list of plans shows. */
export const PLAN_ITEMS_ONLY: PlanParts = { measurements: false, boardMeetings: false };
