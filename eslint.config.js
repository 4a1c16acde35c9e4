import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** `x as unknown as T` erases the domain's types; it is allowed only in one mapping file per boundary. */
const noDoubleCast = {
  selector: "TSAsExpression[expression.type='TSAsExpression'][expression.typeAnnotation.type='TSUnknownKeyword']",
  message: "`as unknown as` hides type errors: parse or map the value in the boundary's mapping file (*-mapping.ts) instead.",
};

/** Libs import in one direction: domain <- projections, notary, ofsted-import; event-store stands alone; apps on top. */
const libImport = (name) => ({
  // The alias, and a relative path reaching into the lib's sources, which would get round the alias.
  group: [`@plan-ledger/${name}`, `@plan-ledger/${name}/*`, `**/${name}/src`, `**/${name}/src/**`],
  message: `this lib may not import @plan-ledger/${name} (see README, Layout: libs import in one direction).`,
});
const noAppImports = { group: ['**/apps/**'], message: 'libs never import apps.' };
const restrict = (...names) => ['error', { patterns: [...names.map(libImport), noAppImports] }];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'bench/.cache/**',
      'coverage/**',
      '**/*.cjs',
      '**/*.mjs',
      'jest.config.js',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': ['error', noDoubleCast],
    },
  },
  // Adapters translate foreign shapes; `any` and double casts are allowed there and in mapping files only.
  {
    files: ['**/*-mapping.ts', 'libs/event-store/src/eventstoredb/**', 'libs/event-store/test/support/fake-eventstoredb-client.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-restricted-syntax': 'off' },
  },
  { files: ['libs/domain/**'], rules: { 'no-restricted-imports': restrict('event-store', 'projections', 'notary', 'ofsted-import') } },
  { files: ['libs/event-store/**'], rules: { 'no-restricted-imports': restrict('domain', 'projections', 'notary', 'ofsted-import') } },
  { files: ['libs/projections/**'], rules: { 'no-restricted-imports': restrict('notary', 'ofsted-import') } },
  { files: ['libs/notary/**'], rules: { 'no-restricted-imports': restrict('domain', 'projections', 'ofsted-import') } },
  { files: ['libs/ofsted-import/**'], rules: { 'no-restricted-imports': restrict('event-store', 'projections', 'notary') } },
  prettier,
);
