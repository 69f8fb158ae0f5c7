// vitest globalSetup for the desktop workspace: make sure the local test images exist (and match
// their build inputs) before any test runs. A no-op when they are current; the first build on a
// fresh machine takes a few minutes, printing progress.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { faultSummary, readLedger } from './faults/ledger.js';
import { ensureTestImages } from './images/build-images.js';

export default async function setup(project: TestProject): Promise<() => void> {
  // The run's fault ledger: the fault-injecting tests write to it, the teardown prints one line.
  const ledgerDir = mkdtempSync(path.join(tmpdir(), 'st-fault-ledger-'));
  const ledger = path.join(ledgerDir, 'faults.jsonl');
  project.provide('faultLedger', ledger);
  const teardown = () => {
    const summary = faultSummary(readLedger(ledger));
    if (summary) process.stdout.write(`\n${summary}\n`);
    rmSync(ledgerDir, { recursive: true, force: true });
  };
  if (process.env.STATUS_SKIP_TEST_IMAGES === '1') return teardown;
  const started = Date.now();
  await ensureTestImages({
    log: (line) =>
      process.stderr.write(`[test-images ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`),
  });
  return teardown;
}
