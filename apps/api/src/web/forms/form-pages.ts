import { CommandRecorder } from '../../graphql/command-recorder';
import { AddActionFormPage } from './add-action-form.page';
import { BoardMeetingFormPage } from './board-meeting-form.page';
import { CorrectEntryFormPage } from './correct-entry-form.page';
import { EntryFormReader } from './entry-form-reader';
import { FormFlow } from './form-flow';
import { GradeFormPage } from './grade-form.page';
import { ImportDrafts } from './import-drafts';
import { ImportFormPage } from './import-form.page';
import { PlanFormReader } from './plan-form-reader';
import { ReDateActionFormPage } from './re-date-action-form.page';
import { RetractEntryFormPage } from './retract-entry-form.page';

/** The forms for the common writes, registered in WebModule. */
export const FORM_CONTROLLERS = [
  GradeFormPage,
  BoardMeetingFormPage,
  AddActionFormPage,
  ReDateActionFormPage,
  CorrectEntryFormPage,
  RetractEntryFormPage,
  ImportFormPage,
];

/** CommandRecorder is the GraphQL mutations' own: the forms record through exactly the same path. */
export const FORM_PROVIDERS = [CommandRecorder, FormFlow, PlanFormReader, EntryFormReader, ImportDrafts];
