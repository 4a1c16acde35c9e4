import { PRE_DATES_JUDGEMENT } from '../conventions/frameworks';
import type { DocumentReading } from '../extract/read-document';

/** Exactly the columns of the shared expected-latest.csv, so any table of expected values can score a draft. */
export interface ImportSummary {
  la_code: string | null;
  local_authority: string | null;
  inspection_framework: string | null;
  inspector_name: string | null;
  inspection_start_date: string | null;
  inspection_end_date: string | null;
  publication_date: string | null;
  overall_effectiveness_grade: string | null;
  impact_of_leaders_grade: string | null;
  help_and_protection_grade: string | null;
  in_care_grade: string | null;
  care_leavers_grade: string | null;
}

/** Grades as that file writes them: lower case, "requires improvement" without "to be good". */
function grade(value: string | null | undefined): string | null {
  return value ? value.toLowerCase().replace(/ to be good$/, '') : null;
}

export function summarise(reading: DocumentReading, publicationDate: string | null): ImportSummary {
  // A column whose judgement the framework did not make says so, in the data-set's words: never a copied grade.
  const area = (name: string): string | null => {
    const field = reading.judgements.find((j) => j.summaryArea === name)?.judgement;
    return field?.status === 'not judged' ? PRE_DATES_JUDGEMENT : grade(field?.value);
  };
  const framework =
    reading.framework.value === 'ILACS'
      ? reading.inspectionKind.value
      : reading.framework.value === 'SIF'
        ? reading.inspectionKind.value === 're-inspection'
          ? 'sif re-inspection'
          : 'sif'
        : reading.period.value
          ? reading.period.value.replace(/ \d{4}-\d{4}$/, '').toLowerCase()
          : reading.recognition.kind;
  return {
    la_code: reading.authority.value?.laCode ?? null,
    local_authority: reading.authority.value?.name.toLowerCase() ?? null,
    inspection_framework: framework ?? null,
    inspector_name: reading.leadInspector.value?.toLowerCase() ?? null,
    inspection_start_date: reading.fieldwork.value?.start ?? null,
    inspection_end_date: reading.fieldwork.value?.end ?? null,
    publication_date: publicationDate,
    overall_effectiveness_grade: grade(reading.overall.value),
    impact_of_leaders_grade: area('impact_of_leaders'),
    help_and_protection_grade: area('help_and_protection'),
    in_care_grade: area('in_care'),
    care_leavers_grade: area('care_leavers'),
  };
}
