import { readFileSync } from 'node:fs';
import tsJest from 'ts-jest';

/**
 * NestJS 12 ships ES modules only, so the project is ESM and Jest runs in its native ESM mode
 * (`--experimental-vm-modules`, see package.json). Type checking is done once by `npm run typecheck`;
 * here ts-jest only transpiles (isolatedModules), which keeps the suite fast.
 *
 * The lib aliases come from tsconfig.json's `paths`, the one place they are declared (tsc, tsx and
 * tsc-alias read the same file), so a new lib is added there and nowhere else.
 */
const { compilerOptions } = JSON.parse(readFileSync(new URL('./tsconfig.json', import.meta.url), 'utf8'));
const aliases = tsJest.pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' });

const shared = {
  testEnvironment: 'node',
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }] },
  moduleNameMapper: {
    // Mercurius requires @fastify/static, which requires ES-module-only packages Jest on Node 20 cannot require().
    '^@fastify/static$': '<rootDir>/test/support/jest/fastify-static-stub.cjs',
    ...aliases,
  },
};

/**
 * Three tiers, each runnable alone (`npm run test:unit`, `test:contract`, `test:e2e`):
 * unit = pure libs and the service's own pure parts; contract = every event-store adapter against the one
 * contract; e2e = the real service over HTTP, the CLI and the built output.
 * @type {import('jest').Config}
 */
export default {
  testTimeout: 60000,
  // Jest's default on two cores is one worker; most suites wait on I/O or child processes, so two finish sooner.
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/domain/test/**/*.spec.ts',
        '<rootDir>/libs/projections/test/**/*.spec.ts',
        '<rootDir>/libs/notary/test/**/*.spec.ts',
        '<rootDir>/libs/ofsted-import/test/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/test/unit/**/*.spec.ts',
      ],
    },
    { ...shared, displayName: 'contract', testMatch: ['<rootDir>/libs/event-store/test/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/jest/build-once.mjs',
    },
  ],
};
