/**
 * Events are never rewritten in the log, so old shapes are brought up to date as they are read.
 * Each upcaster takes one event type from version n to n + 1; `upcast` applies them in turn.
 */
export interface VersionedEventData {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
}

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

const RAG_LETTERS: Record<string, string> = { R: 'red', A: 'amber', G: 'green', B: 'blue' };

/**
 * ProgressGraded v1 (the spreadsheet import) carried `rag: 'R' | 'A' | 'G' | 'B'` and `by`; v2 spells the
 * grade out and names who graded it `gradedBy`, as boards and commissioners write it.
 */
const progressGradedV1toV2: Upcaster = ({ rag, by, ...rest }) => ({
  ...rest,
  grade: RAG_LETTERS[String(rag).toUpperCase()] ?? rag,
  gradedBy: by ?? 'board',
});

const UPCASTERS: Record<string, Record<number, Upcaster>> = {
  ProgressGraded: { 1: progressGradedV1toV2 },
};

/** The schema version new events of each type are written at. */
export function currentSchemaVersion(type: string): number {
  const steps = UPCASTERS[type];
  return steps ? Math.max(...Object.keys(steps).map(Number)) + 1 : 1;
}

export function upcast(event: VersionedEventData): VersionedEventData {
  let { schemaVersion, data } = event;
  const steps = UPCASTERS[event.type] ?? {};
  while (steps[schemaVersion]) {
    data = steps[schemaVersion](data);
    schemaVersion++;
  }
  return { type: event.type, schemaVersion, data };
}
