import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultLedger, faultSummary, readLedger, type LedgerEntry } from './ledger.js';

describe('the fault ledger', () => {
  it('sums every suite into one line, a fault not survived showing as such', () => {
    const entries: LedgerEntry[] = [
      { suite: 'fault suite', fault: 'port taken', event: 'injected' },
      { suite: 'fault suite', fault: 'port taken', event: 'survived', rowsLost: 0 },
      { suite: 'fault suite', fault: 'postgres killed', event: 'injected' },
      { suite: 'fault suite', fault: 'postgres killed', event: 'survived', rowsLost: 0 },
      { suite: 'console', fault: 'docker kill', event: 'injected' },
      { suite: 'console', fault: 'engine restart', event: 'injected' },
      { suite: 'console', fault: 'engine restart', event: 'survived', rowsLost: 2 },
    ];
    expect(faultSummary(entries)).toBe(
      'faults injected 4, survived 3, rows lost 2 (fault suite 2/2, console 1/2)',
    );
    expect(faultSummary([])).toBeUndefined();
  });

  it('reads back what the suites wrote, one line each; a missing file is an empty ledger', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'st-ledger-'));
    try {
      const file = path.join(dir, 'faults.jsonl');
      expect(readLedger(file)).toEqual([]);
      const suite = faultLedger('platform', file);
      suite.injected('reset');
      suite.survived('reset');
      faultLedger('console', file).injected('docker kill');
      expect(readLedger(file)).toEqual([
        { suite: 'platform', fault: 'reset', event: 'injected' },
        { suite: 'platform', fault: 'reset', event: 'survived', rowsLost: 0 },
        { suite: 'console', fault: 'docker kill', event: 'injected' },
      ]);
      expect(faultSummary(readLedger(file))).toBe(
        'faults injected 2, survived 1, rows lost 0 (platform 1/1, console 0/1)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
