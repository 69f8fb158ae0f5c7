import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds the local test images (status-test/*) once per run, before any engine test.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Engine tests share one Docker engine: one test file at a time.
    fileParallelism: false,
  },
});
