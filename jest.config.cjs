/** Tests run TypeScript through SWC (ts-jest cannot use TS 7); `tsc --noEmit` type-checks separately. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023' } }] },
  // middy 7 and jose ship ESM; SWC turns them into CommonJS for jest. middy 7 ships only the `import` export condition; point jest (CJS) at its files directly.
  // (@middy/util is core's own dependency.)
  moduleNameMapper: { '^@middy/(core|util)$': '<rootDir>/node_modules/@middy/$1/index.js' },
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  testTimeout: 60000,
  // Both cores: jest's default on a 2-core machine is one worker, and most suites wait on sockets
  // and timers, not the CPU (the suite took 6 min serially on CI's 2 cores).
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/support/env.cjs'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // The slowest suites first on a clean clone (test/support/sequencer.cjs).
  testSequencer: '<rootDir>/test/support/sequencer.cjs',
};
