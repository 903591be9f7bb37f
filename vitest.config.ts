import { defineConfig } from 'vitest/config';

// The whole suite runs twice: once on SQLite, once on PostgreSQL (TEST_DB picks the backend).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'sqlite', env: { TEST_DB: 'sqlite' } } },
      { extends: true, test: { name: 'postgres', env: { TEST_DB: 'postgres' } } },
    ],
  },
});
