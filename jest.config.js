/** @type {import('jest').Config} */
module.exports = {
  // Node's, failing a file that leaves a server, socket, pool or timer open (workers then fail to exit gracefully)
  testEnvironment: '<rootDir>/test/support/no-open-handles.environment.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60_000,
  // each file builds apps and DataSources; recycling a worker that grew keeps long runs from running out of heap
  workerIdleMemoryLimit: '1GB',
};
