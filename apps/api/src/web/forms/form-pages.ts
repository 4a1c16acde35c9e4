import { CommandRecorder } from '../../graphql/command-recorder';
import { FormFlow } from './form-flow';
import { GradeFormPage } from './grade-form.page';
import { PlanFormReader } from './plan-form-reader';

/** The forms for the common writes, registered in WebModule. */
export const FORM_CONTROLLERS = [GradeFormPage];

/** CommandRecorder is the GraphQL mutations' own: the forms record through exactly the same path. */
export const FORM_PROVIDERS = [CommandRecorder, FormFlow, PlanFormReader];
