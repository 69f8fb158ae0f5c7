// vitest globalSetup for the desktop workspace: make sure the local test images exist (and match
// their build inputs) before any test runs. A no-op when they are current; the first build on a
// fresh machine takes a few minutes, printing progress.
import { ensureTestImages } from './images/build-images.js';

export default async function setup(): Promise<void> {
  if (process.env.STATUS_SKIP_TEST_IMAGES === '1') return;
  const started = Date.now();
  await ensureTestImages({
    log: (line) =>
      process.stderr.write(`[test-images ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`),
  });
}
