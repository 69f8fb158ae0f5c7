import { defineConfig } from 'vitest/config';
export default defineConfig({
  root: '/work/main/frontend',
  test: {
    environment: 'node',
    include: ['e2e/**/harness.e2e.test.ts'],
    globalSetup: ['../backend/test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
