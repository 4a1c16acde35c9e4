import type { FormProblem } from './form-problems';

/** A form field as the error summary links to it and the inline message names it. */
export interface FormField {
  /** The id of the element the summary links to (a radio group's first radio, a date input's day). */
  readonly id: string;
  readonly label: string;
}

/**
 * Where each field of the command's input is on the form, in the order of the page. A problem's field may be a path (occurredAt.from,
 * data.due): the longest known prefix wins; one about no field of the form is named as the API names it and linked
 * to `fallback`.
 */
export type FieldMap = Readonly<Record<string, FormField>>;

export interface FormErrors {
  /** For the layout's GOV.UK error summary: each problem, linking to its field. */
  readonly errorSummary: readonly { text: string; href: string }[];
  /** Inline messages by form field id (several problems of one field joined). */
  readonly errors: Readonly<Record<string, { text: string }>>;
}

export const NO_ERRORS: FormErrors = { errorSummary: [], errors: {} };

const SENTENCE_VERB = /^(must|is|are|names|should|was|were|cannot|may)\b/;

function mappedField(path: string, fields: FieldMap): FormField | undefined {
  const parts = path.split('.').filter((part) => part !== 'data' && part !== 'input');
  for (let length = parts.length; length > 0; length--) {
    const field = fields[parts.slice(0, length).join('.')];
    if (field) return field;
  }
  return undefined;
}

/** The problems of a refused write as GOV.UK's error summary and inline messages: the label and the rule, in words. */
export function formErrorsOf(problems: readonly FormProblem[], fields: FieldMap, fallback: FormField): FormErrors {
  const errorSummary: { text: string; href: string }[] = [];
  const errors: Record<string, { text: string }> = {};
  for (const problem of problems) {
    const mapped = mappedField(problem.field, fields);
    const field = mapped ?? fallback;
    const named = mapped ? field.label : problem.field;
    const text = SENTENCE_VERB.test(problem.rule) ? `${named} ${problem.rule}` : `${named}: ${problem.rule}`;
    errorSummary.push({ text, href: `#${field.id}` });
    errors[field.id] = { text: errors[field.id] ? `${errors[field.id].text}; ${text}` : text };
  }
  // In the order of the page, as GOV.UK's pattern lists them: the field map is written in that order.
  const order = [...new Set(Object.values(fields).map((field) => field.id))];
  const place = (href: string): number => {
    const at = order.indexOf(href.slice(1));
    return at < 0 ? order.length : at;
  };
  return { errorSummary: errorSummary.sort((a, b) => place(a.href) - place(b.href)), errors };
}
