/**
 * One Jest run, several projects. `npm test` (tests/run.mjs) runs them all and prints the
 * closing `N passed, N failed` line that CI reads.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/shared/$1' },
  testEnvironment: 'node',
  rootDir: __dirname,
  // hyparquet-writer (and its reader, hyparquet) ship as ES modules only: compiled like our sources (analytics, issue 18).
  transformIgnorePatterns: ['/node_modules/(?!(hyparquet-writer|hyparquet)/)'],
};

module.exports = {
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/integration/global-setup.ts',
      globalTeardown: '<rootDir>/tests/integration/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/e2e/global-setup.ts',
    },
    {
      ...common,
      displayName: 'build',
      testMatch: ['<rootDir>/tests/build/**/*.test.ts'],
    },
  ],
};
