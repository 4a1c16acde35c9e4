/** Type checking is done once by `npm run typecheck`; jest only transpiles (isolatedModules), which keeps the suite fast. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^@plan-ledger/domain$': '<rootDir>/libs/domain/src',
    '^@plan-ledger/event-store$': '<rootDir>/libs/event-store/src',
    '^@plan-ledger/projections$': '<rootDir>/libs/projections/src',
  },
  testTimeout: 60000,
};
