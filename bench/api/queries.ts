/**
 * The reads and the write the bench measures, as GraphQL documents. `plans` and `actions` are being built while this
 * bench is: the schema is read by introspection, and a query the service does not have is reported as not available
 * (its selection is built from the schema, so that it needs no change when the query lands).
 */
import { problemOf, type Client, type GraphqlRequest } from './load';

export interface Read {
  readonly name: string;
  /** A "now" or knownAt read, held to p95 < 50 ms at 1M. */
  readonly request: (i: number) => GraphqlRequest;
  /** The document, when built from the schema. */
  readonly built?: string;
  /** Not one of issue 14's reads: measured for what it tells, left out of its goals. */
  readonly extra?: string;
}

interface TypeRef {
  readonly kind: string;
  readonly name: string | null;
  readonly ofType: TypeRef | null;
}
interface FieldInfo {
  readonly name: string;
  readonly args: readonly { readonly name: string; readonly type: TypeRef }[];
  readonly type: TypeRef;
}
interface TypeInfo {
  readonly name: string;
  readonly kind: string;
  readonly fields: readonly FieldInfo[] | null;
}

export class Schema {
  private constructor(private readonly types: Map<string, TypeInfo>) {}

  static async read(client: Client): Promise<Schema> {
    const query = `query {
      __schema { types { name kind fields { name args { name type { ...T } } type { ...T } } } }
    }
    fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;
    const answer = await client.send('POST', '/graphql', { query });
    const problem = problemOf(answer);
    if (problem) throw new Error(`introspection failed: ${problem}`);
    const { data } = JSON.parse(answer.body) as { data: { __schema: { types: TypeInfo[] } } };
    return new Schema(new Map(data.__schema.types.map((type) => [type.name, type])));
  }

  field(typeName: string, name: string): FieldInfo | undefined {
    return this.types.get(typeName)?.fields?.find((field) => field.name === name);
  }

  query(name: string): FieldInfo | undefined {
    return this.field('Query', name);
  }

  /**
   * A selection of every scalar field of a type, and of its object fields `depth` levels down, skipping fields with a
   * required argument: what a client listing the rows would ask for. Lists of objects are followed only on the query's
   * own type (a connection's edges or nodes), not inside a row, so a row's own lists (a plan's every action) stay out.
   */
  selection(type: TypeRef, depth: number, top = true): string {
    const named = unwrap(type);
    const info = named.name ? this.types.get(named.name) : undefined;
    if (!info?.fields) return '';
    const parts: string[] = [];
    for (const field of info.fields) {
      if (field.args.some((arg) => arg.type.kind === 'NON_NULL')) continue;
      const inner = unwrap(field.type);
      if (inner.kind === 'SCALAR' || inner.kind === 'ENUM') parts.push(field.name);
      else if ((inner.kind === 'OBJECT' || inner.kind === 'INTERFACE') && depth > 0 && (top || !isList(field.type))) {
        const sub = this.selection(field.type, depth - 1, top && field.name === 'edges');
        if (sub) parts.push(`${field.name} ${sub}`);
      }
    }
    return parts.length ? `{ ${parts.join(' ')} }` : '';
  }
}

function isList(type: TypeRef): boolean {
  for (let current: TypeRef | null = type; current; current = current.ofType) if (current.kind === 'LIST') return true;
  return false;
}

function unwrap(type: TypeRef): TypeRef {
  let current = type;
  while ((current.kind === 'NON_NULL' || current.kind === 'LIST') && current.ofType) current = current.ofType;
  return current;
}

const AUTHORITIES = `query Authorities($knownAt: String) {
  authorities(first: 50, knownAt: $knownAt) {
    cut { knownAt headPosition }
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { laCode name region latestOverallJudgement currentIntervention { kind inForce } planIds } }
  }
}`;

const TIMELINE = `query Timeline($laCode: String!, $from: String) {
  timeline(laCode: $laCode, from: $from) {
    cut { headPosition }
    entries { at { from precision } label kind title streamId eventId corrected uncertain }
  }
}`;

/** A board's view of a plan: its priorities and actions with their latest grades (not every measurement or meeting). */
const PLAN = `query Plan($id: String!) {
  plan(id: $id) {
    cut { headPosition }
    plan {
      planId laCode title kind status supersedes supersededBy
      latestPlanGrade { grade gradedBy occurredAt { from } }
      priorities { priorityId title status latestGrade { grade gradedBy } }
      actions { actionId priorityId title owner due status overdue latestGrade { grade } }
      indicators { indicatorId name unit target }
    }
  }
}`;

export const GRADE_PROGRESS = `mutation Grade($input: GradeProgressInput!) {
  gradeProgress(input: $input) { streamId revision position alreadyRecorded }
}`;

export interface Samples {
  readonly laCodes: readonly string[];
  readonly planIds: readonly string[];
  readonly knownAt: string;
  /** YYYY-MM-DD a year before the log's last month: a board's window on the timeline. */
  readonly lastYear: string;
}

/** The reads at one size; a query the schema lacks is returned as the reason it is not measured. */
export function readsOf(
  schema: Schema,
  samples: Samples,
): (Read | { readonly name: string; readonly unavailable: string; readonly extra?: undefined })[] {
  const { laCodes, planIds, knownAt, lastYear } = samples;
  const connection = (name: string, args: string): Read | { name: string; unavailable: string } => {
    const field = schema.query(name.replace(/[A-Z].*$/, ''));
    if (!field) return { name, unavailable: `the schema has no Query.${name.replace(/[A-Z].*$/, '')}` };
    const selection = schema.selection(field.type, 3);
    const query = `query { ${field.name}(${args}) ${selection} }`;
    return { name, request: () => ({ query }), built: query };
  };
  return [
    { name: 'authoritiesNow', request: () => ({ query: AUTHORITIES }) },
    { name: 'authoritiesKnownAt', request: () => ({ query: AUTHORITIES, variables: { knownAt } }) },
    connection('plans', 'first: 50'),
    connection('actionsOverdue', 'filter: { overdue: true }, first: 50'),
    { name: 'timeline', request: (i) => ({ query: TIMELINE, variables: { laCode: laCodes[i % laCodes.length] } }) },
    { name: 'plan', request: (i) => ({ query: PLAN, variables: { id: planIds[i % planIds.length] } }) },
    {
      name: 'timelineLastYear',
      request: (i) => ({ query: TIMELINE, variables: { laCode: laCodes[i % laCodes.length], from: lastYear } }),
      extra:
        "the whole timeline grows with the log (every board meeting is a line); a year's window shows the cost apart from the answer's size",
    },
  ];
}

/** The write: a board's grade of a whole plan, each with its own command id. */
export function gradeRequest(planId: string, commandId: string, today: string, i: number): GraphqlRequest {
  return {
    query: GRADE_PROGRESS,
    variables: {
      input: {
        planId,
        commandId,
        occurredAt: { from: today, precision: 'day' },
        target: 'plan',
        grade: ['red', 'amber', 'green'][i % 3],
        gradedBy: 'board',
        evidence: 'Graded at the monthly board from the performance report and the latest audit findings.',
      },
    },
  };
}
