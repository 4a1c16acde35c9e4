import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The GraphQL object classes implement the views they present, and the resolvers return the views as they are, so a
 * field dropped from either side must fail to compile. This type-checks the real files with the repo's tsconfig
 * (paths included), some of them edited in memory only, and reads the errors tsc reports in them.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PLAN_TYPES = join(root, 'apps/api/src/graphql/types/plan-types.ts');
const PLAN_VIEW = join(root, 'libs/projections/src/plan-view.ts');
const PLAN_EVENTS = join(root, 'libs/domain/src/plan/plan-events.ts');
/** Never written to disk: the compiler host serves it. */
const PROBE = join(root, 'test/unit/graphql-types.probe.ts');

const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
const baseHost = ts.createCompilerHost({ ...options, noEmit: true }, true);
const unedited = new Map<string, ts.SourceFile | undefined>();
let previous: ts.Program | undefined;

function probe(viewType: string): string {
  return [
    "import type { PlanView } from '@plan-ledger/projections';",
    "import type { PlanType } from '../../apps/api/src/graphql/types/plan-types';",
    `declare const view: ${viewType};`,
    'export const presented: PlanType = view;',
  ].join('\n');
}

/** `text` with `from` (which must be there, once) replaced by `to`, so that no edit can silently miss. */
function replaceOnce(text: string, from: string, to = ''): string {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`expected exactly one ${JSON.stringify(from)}`);
  return parts.join(to);
}

/** The errors tsc reports in the probe and plan-types.ts, with the given files' text replaced in memory. */
function errors(probeText: string, edits: Record<string, (text: string) => string> = {}): string[] {
  const texts = new Map<string, string>([[PROBE, probeText]]);
  for (const [file, edit] of Object.entries(edits)) texts.set(file, edit(ts.sys.readFile(file) ?? ''));
  const host: ts.CompilerHost = {
    ...baseHost,
    fileExists: (file) => texts.has(file) || baseHost.fileExists(file),
    readFile: (file) => texts.get(file) ?? baseHost.readFile(file),
    getSourceFile: (file, language) => {
      const text = texts.get(file);
      if (text !== undefined) return ts.createSourceFile(file, text, language);
      if (!unedited.has(file)) unedited.set(file, baseHost.getSourceFile(file, language));
      return unedited.get(file);
    },
  };
  const program = ts.createProgram({ rootNames: [PROBE], options: { ...options, noEmit: true }, host, oldProgram: previous });
  previous = program;
  return [PROBE, PLAN_TYPES].flatMap((file) => {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file} is not in the program`);
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
      (d) => `${file === PROBE ? 'probe' : 'plan-types.ts'} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
  });
}

describe('GraphQL object types against the views they present', () => {
  it('a PlanView is a PlanType as it stands: no errors', () => {
    expect(errors(probe('PlanView'))).toEqual([]);
  });

  it('a PlanView without one field is not a PlanType', () => {
    expect(errors(probe("Omit<PlanView, 'title'>"))).toEqual([expect.stringMatching(/^probe TS2741: Property 'title' is missing/)]);
  });

  it('PlanType missing one of the fields of the PlanView it implements fails to compile', () => {
    const found = errors(probe('PlanView'), {
      [PLAN_TYPES]: (text) =>
        // PlanType's title: the one followed by kind.
        replaceOnce(text, '  @Field() title!: string;\n  @Field() kind!: string;', '  @Field() kind!: string;'),
    });
    expect(found).toContainEqual(
      expect.stringMatching(
        /^plan-types\.ts TS2420: Class 'PlanType' incorrectly implements .* Property 'title' is missing in type 'PlanType'/,
      ),
    );
  });

  it('a field dropped from PlanView, which PlanType still presents, fails to compile', () => {
    const found = errors(probe('PlanView'), { [PLAN_VIEW]: (text) => replaceOnce(text, '  readonly supersedes: string | null;\n') });
    expect(found).toContainEqual(expect.stringMatching(/^probe TS2741: Property 'supersedes' is missing/));
    expect(found).toContainEqual(expect.stringMatching(/^plan-types\.ts TS2344: .*'supersedes'/));
  });

  it('an optional field dropped from the domain data a view carries (a board meeting chair) fails to compile', () => {
    const found = errors(probe('PlanView'), { [PLAN_EVENTS]: (text) => replaceOnce(text, '  readonly chair?: string;\n') });
    expect(found).toEqual([expect.stringMatching(/^plan-types\.ts TS2344: .*'chair'/)]);
  });
});
