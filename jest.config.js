/**
 * Unit tests sit beside the code (`*.test.ts`); cross-process tests live in test/. The
 * e2e suites run twice: on SQLite with everything else, and on MongoDB in a project of
 * their own (FerretDB, or the server MONGODB_URI names: test/support/mongo.ts).
 */
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': 'ts-jest' },
};

module.exports = {
  // Top level: jest-circus reads testTimeout from the global config only, not from a project's.
  testTimeout: 30000,
  projects: [
    {
      ...base,
      displayName: 'sqlite',
      roots: ['<rootDir>/services', '<rootDir>/adapter', '<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      // The MongoDB-only e2e suites run in the project below.
      testPathIgnorePatterns: ['/test/e2e/mongo-[^/]*\\.test\\.ts$'],
    },
    {
      ...base,
      displayName: 'mongodb',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.test.ts'],
      // Suites about no store: the npm start path (SQLite's file), TLS, the adapter's rate limits, and the gRPC
      // message size limit and large groups (whose seeding of 2,500 members FerretDB takes minutes over).
      testPathIgnorePatterns: [
        '/processes\\.test\\.ts$',
        '/tls\\.test\\.ts$',
        '/grpc-tls\\.test\\.ts$',
        '/rate-limit\\.test\\.ts$',
        '/large-payloads\\.test\\.ts$',
      ],
      setupFiles: ['<rootDir>/test/support/use-mongo-store.ts'],
    },
  ],
};
