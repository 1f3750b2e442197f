/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
    // jose ships ES modules only; jest 29 loads CommonJS, so it is transpiled like our own code.
    '/node_modules/jose/.+\\.js$': ['ts-jest', { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' } }],
    // The OTLP exporters load node:http with import(), which jest 29 runs only with --experimental-vm-modules; as CommonJS it is require().
    '/node_modules/@opentelemetry/otlp-exporter-base/.+\\.js$': ['ts-jest', { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/|(?:@opentelemetry/[^/]+/node_modules/)?@opentelemetry/otlp-exporter-base/)'],
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/graphql-type-checks.ts'],
  // One build of the tree per run for the tests that start processes from it (test/support/shared-build.ts).
  globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.ts',
  // The slowest files first on a clean clone too (no jest cache there).
  testSequencer: '<rootDir>/test/support/test-sequencer.cjs',
  testTimeout: 60000,
  // test.concurrent tests queue themselves where they must (test/e2e/deletions.test.ts runs each province's in turn): the default 5 would fill with one province's queue.
  maxConcurrency: 32,
  maxWorkers: 2,
  // A worker's heap grows with every file it runs (about 3 GB by the end of a full run), and a worker that large can
  // take longer to exit than jest waits ("failed to exit gracefully"); past 1 GB after a file it is replaced.
  workerIdleMemoryLimit: '1GB',
};
