/**
 * NestJS 12 ships ES modules only, so the project is ESM and Jest runs in its native ESM mode
 * (`--experimental-vm-modules`, see package.json). Type checking is done once by `npm run typecheck`;
 * here ts-jest only transpiles (isolatedModules), which keeps the suite fast.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }] },
  moduleNameMapper: {
    '^@fastify/static$': '<rootDir>/test/support/jest/fastify-static-stub.cjs',
    '^@plan-ledger/domain$': '<rootDir>/libs/domain/src/index.ts',
    '^@plan-ledger/event-store$': '<rootDir>/libs/event-store/src/index.ts',
    '^@plan-ledger/projections$': '<rootDir>/libs/projections/src/index.ts',
    '^@plan-ledger/notary$': '<rootDir>/libs/notary/src/index.ts',
    '^@plan-ledger/ofsted-import$': '<rootDir>/libs/ofsted-import/src/index.ts',
  },
  testTimeout: 60000,
};
