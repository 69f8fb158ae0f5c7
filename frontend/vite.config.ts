/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `@backend/contract` is imported only with `import type`, so it vanishes at build time and the
// Docker build (context frontend/ only) never needs the backend sources. Vitest is referenced for
// types only, so the image's build installs Vite and the React plugin alone.
export default defineConfig({
  plugins: [react()],
  // The budget that matters is the initial JavaScript (scripts/bundle-size.mjs), not one chunk's size.
  build: { manifest: true, sourcemap: false, target: 'es2022', chunkSizeWarningLimit: 600 },
  server: {
    port: 5173,
    proxy: {
      '/backend': {
        target: 'http://127.0.0.1:3001',
        rewrite: (path) => path.replace(/^\/backend/, '/api/v1'),
        changeOrigin: false,
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./vitest.setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', '*.test.mjs'],
    css: false,
    // The test machine is shared and busy: user-event typing can take seconds.
    testTimeout: 15_000,
  },
});
