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
  // cdktf synth is CPU-bound; two cores on CI.
  maxWorkers: 2,
  testTimeout: 60000,
};
