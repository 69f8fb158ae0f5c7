import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

const RENDERER = 'src/renderer/**';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'engine',
          // Builds the local test images (status-test/*) once per run, before any engine test.
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          // Engine tests share one Docker engine: one test file at a time.
          fileParallelism: false,
          exclude: [...configDefaults.exclude, RENDERER],
        },
      },
      {
        // The admin console: components in jsdom, no engine and no test images.
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: [`${RENDERER}/*.test.{ts,tsx}`],
          setupFiles: ['src/renderer/test/setup.ts'],
          css: false,
          // The machine is shared: a full render with user events can take seconds under load.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
