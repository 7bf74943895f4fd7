/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/cdktn/ runs only in the CDK Terrain run (jest.cdktn.config.js, `npm run test:cdktn`).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cdktn/'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Every synthesized stack is checked for literal names and ids of resources of the same stack (issue 11).
  setupFilesAfterEnv: ['<rootDir>/test/helpers/reference-guard.ts'],
  // cdktf synth is CPU-bound; two cores on CI.
  maxWorkers: 2,
  testTimeout: 60000,
};
