import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: the crash, restart and fault scenarios of test/reliability, one file
// at a time (each loads the whole machine; one restarts PostgreSQL). Not part of `npm test`.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    fileParallelism: false,
    maxWorkers: 1,
    // Each scenario's waits time out on their own, in proportion to RELIABILITY_SCALE.
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/reliability/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'reliability-postgres',
          include: ['test/reliability/**/*.test.ts'],
          exclude: ['test/reliability/**/*sqlite*.test.ts'],
          env: { TEST_DB: 'postgres' },
        },
      },
      {
        extends: true,
        test: {
          name: 'reliability-sqlite',
          include: ['test/reliability/**/*sqlite*.test.ts'],
          env: { TEST_DB: 'sqlite' },
        },
      },
    ],
  },
});
