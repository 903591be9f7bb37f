import { configDefaults, defineConfig } from 'vitest/config';

// The whole suite runs twice: once on SQLite, once on PostgreSQL (TEST_DB picks the backend).
export default defineConfig({
  test: {
    // The reliability suite has its own command (`npm run test:reliability`).
    exclude: [...configDefaults.exclude, 'test/reliability/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'sqlite', env: { TEST_DB: 'sqlite' } } },
      { extends: true, test: { name: 'postgres', env: { TEST_DB: 'postgres' } } },
    ],
  },
});
