import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  GraphQLError,
  Kind,
  parse,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { EdgeConfig } from '../config/ledger-config';

/**
 * What one use of a root field costs on top of its shape (graphql-armor's cost: 1 a scalar, 2 an object, children
 * weighted 1.5 a level, times a literal `first`). These fold whole streams, several councils' or the entire log, so
 * one request may hold a handful, not fifty: 50 aliases of authorityReport once kept the event loop busy for
 * minutes. Fields not named here cost their shape alone.
 */
export const ROOT_FIELD_COSTS: Readonly<Record<string, number>> = {
  // Counted against LEDGER_MAX_QUERY_COST (10,000 by default): a request may fold a council's streams about a dozen
  // times at most, while a page of 50 plans or actions read from the read model, every field of each, fits.
  authorities: 500,
  authorityReport: 800,
  knowledgeDiff: 600,
  changesRecorded: 600,
  changesSince: 400,
  timeline: 400,
  gradeHistory: 100,
  history: 100,
  plan: 50,
  authority: 50,
  indicatorSeries: 100,
  // Read from the read model's rows, a page at a time.
  plans: 20,
  actions: 20,
  // Reading a document is seconds of pdf.js; recording it is a handful of commands.
  previewImport: 2000,
  applyImport: 500,
};

export type LimitName = 'depth' | 'aliases' | 'cost' | 'tokens';

const LIMITS: Record<LimitName, { variable: string; advice: string }> = {
  depth: { variable: 'LEDGER_MAX_QUERY_DEPTH', advice: 'select fewer levels of nested fields' },
  aliases: { variable: 'LEDGER_MAX_QUERY_ALIASES', advice: 'send several requests instead of repeating a field under aliases' },
  cost: {
    variable: 'LEDGER_MAX_QUERY_COST',
    advice:
      'ask for fewer fields or councils a request (authorities, authorityReport, knowledgeDiff, changesRecorded and timeline cost most)',
  },
  tokens: { variable: 'LEDGER_MAX_QUERY_TOKENS', advice: 'send a shorter query, with its values as variables' },
};

/** A document over one of the limits; the message names the limit, what was found, and the variable that sets it. */
export class QueryTooComplex extends GraphQLError {
  constructor(limit: LimitName, found: number, max: number) {
    const count = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 0 });
    super(
      limit === 'tokens'
        ? `query has more than ${count(max)} tokens, the limit (${LIMITS[limit].variable}): ${LIMITS[limit].advice}`
        : `query ${limit} ${count(Math.ceil(found))} is over the limit of ${count(max)} (${LIMITS[limit].variable}): ${LIMITS[limit].advice}`,
      { extensions: { code: 'BAD_USER_INPUT', rule: 'QUERY_TOO_COMPLEX', limit, max } },
    );
    this.name = 'QueryTooComplex';
  }
}

/**
 * Depth, aliases and cost (graphql-armor's rules, with the root fields' own costs added), checked for every operation
 * as soon as validation enters the document, before any other rule walks it: graphql-js visits definitions in
 * document order, so a huge fragment placed before its operation would otherwise be walked by the O(n²)
 * overlapping-fields rule first. The first limit exceeded aborts validation with a QueryTooComplex.
 */
export function queryLimitsRule(limits: Pick<EdgeConfig, 'maxQueryDepth' | 'maxQueryAliases' | 'maxQueryCost'>): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document: {
      enter(document: DocumentNode) {
        const fragments = new Map<string, FragmentDefinitionNode>();
        for (const definition of document.definitions) {
          if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
        }
        for (const operation of document.definitions) {
          if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
          const depth = measure(maxDepthRule, operation, context);
          if (depth > limits.maxQueryDepth) throw new QueryTooComplex('depth', depth, limits.maxQueryDepth);
          const aliases = measure(maxAliasesRule, operation, context);
          if (aliases > limits.maxQueryAliases) throw new QueryTooComplex('aliases', aliases, limits.maxQueryAliases);
          const cost = measure(costLimitRule, operation, context) + rootFieldCost(operation.selectionSet, fragments, new Map(), new Set());
          if (cost > limits.maxQueryCost) throw new QueryTooComplex('cost', cost, limits.maxQueryCost);
        }
      },
    },
  });
}

/** Only the visitor's hook for operations is used: it is all armor's rules implement. */
type OperationVisitor = { readonly OperationDefinition: Record<string, unknown> };
type ArmorRule = (options: {
  n?: number;
  maxCost?: number;
  onAccept: ((context: unknown, details: { n: number }) => void)[];
}) => (context: ValidationContext) => OperationVisitor;

/** What one of armor's rules measures of an operation; its own limit is set out of reach so the comparison is ours. */
function measure(rule: ArmorRule, operation: OperationDefinitionNode, context: ValidationContext): number {
  let found = 0;
  const visitor = rule({ n: Infinity, maxCost: Infinity, onAccept: [(_, details) => void (found = details.n)] })(context);
  const enter = visitor.OperationDefinition.enter;
  if (typeof enter !== 'function') throw new Error('graphql-armor no longer measures operations on entering them');
  enter.call(visitor, operation);
  return found;
}

/** The root fields' own costs, each use counted (fragments too, each spread once per use, cycles counted once). */
function rootFieldCost(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  known: Map<string, number>,
  entering: Set<string>,
): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) cost += ROOT_FIELD_COSTS[selection.name.value] ?? 0;
    else if (selection.kind === Kind.INLINE_FRAGMENT) cost += rootFieldCost(selection.selectionSet, fragments, known, entering);
    else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || entering.has(name)) continue; // graphql-js refuses unknown and cyclic fragments itself
      if (!known.has(name)) {
        entering.add(name);
        known.set(name, rootFieldCost(fragment.selectionSet, fragments, known, entering));
        entering.delete(name);
      }
      cost += known.get(name)!;
    }
  }
  return cost;
}

/**
 * True when a query is exactly one `previewImport` mutation and nothing else: the one operation whose body may be
 * larger than the ordinary limit, because it carries a document.
 */
export function isLonePreviewImport(query: unknown, maxTokens: number): boolean {
  if (typeof query !== 'string') return false;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens, noLocation: true });
  } catch {
    return false;
  }
  if (document.definitions.length !== 1) return false;
  const [operation] = document.definitions;
  if (operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'mutation') return false;
  const selections = operation.selectionSet.selections;
  return selections.length === 1 && selections[0].kind === Kind.FIELD && selections[0].name.value === 'previewImport';
}
