// Browser tests of the built app against the real backend, PostgreSQL, Redis and Node-RED.
// Run with `npm run test:e2e -w frontend`. Files run one after the other: each starts its own stack
// and browser, and the machine is small.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    // 1: the production build (skipped when fresh); 2: PostgreSQL and Redis with the migrated template.
    globalSetup: ['e2e/global-setup.ts', '../backend/test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
});
