// One summary of every fault the test run injects, across test files (the fault suite, the
// console's engine faults, the platform's reset + restore): each test writes what it injected and
// what it survived to one JSON-lines file the global setup names (vitest `provide`), and the
// global teardown prints a single line. The tests assert their own outcome; this only reports.
import { appendFileSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's fault ledger file (test/global-setup.ts). */
    faultLedger: string;
  }
}

export type LedgerEntry =
  | { suite: string; fault: string; event: 'injected' }
  | { suite: string; fault: string; event: 'survived'; rowsLost: number };

export interface FaultLedger {
  injected(fault: string): void;
  /** The fault was survived; `rowsLost` counts the acknowledged writes missing afterwards. */
  survived(fault: string, rowsLost?: number): void;
}

/** The run's ledger file, if the global setup provided one (not when an IDE runs one file alone). */
function providedLedger(): string | undefined {
  try {
    return inject('faultLedger');
  } catch {
    return undefined;
  }
}

/** A suite's writer into the run's ledger (or `file`); a no-op when there is none. */
export function faultLedger(suite: string, file = providedLedger()): FaultLedger {
  const write = (entry: LedgerEntry) => {
    if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
  };
  return {
    injected: (fault) => write({ suite, fault, event: 'injected' }),
    survived: (fault, rowsLost = 0) => write({ suite, fault, event: 'survived', rowsLost }),
  };
}

export function readLedger(file: string): LedgerEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LedgerEntry);
}

/**
 * "faults injected 8, survived 8, rows lost 0 (fault suite 3/3, console 4/4, …)", or undefined
 * when no test injected any (a partial run).
 */
export function faultSummary(entries: LedgerEntry[]): string | undefined {
  const suites = new Map<string, { injected: number; survived: number }>();
  let rowsLost = 0;
  for (const entry of entries) {
    const tally = suites.get(entry.suite) ?? { injected: 0, survived: 0 };
    if (entry.event === 'injected') tally.injected++;
    else {
      tally.survived++;
      rowsLost += entry.rowsLost;
    }
    suites.set(entry.suite, tally);
  }
  if (!suites.size) return undefined;
  const all = [...suites.values()];
  const injected = all.reduce((n, s) => n + s.injected, 0);
  const survived = all.reduce((n, s) => n + s.survived, 0);
  const parts = [...suites].map(([suite, s]) => `${suite} ${s.survived}/${s.injected}`).join(', ');
  return `faults injected ${injected}, survived ${survived}, rows lost ${rowsLost} (${parts})`;
}
