import { describe, expect, it } from 'vitest';
import { detectLevel } from './log-level.js';

describe('detectLevel', () => {
  it.each([
    ['2026-11-26 20:00:01 UTC [61] ERROR:  relation "x" does not exist', 'error'],
    ['2026-11-26 20:00:01 UTC [61] FATAL:  password authentication failed', 'error'],
    ['[warn] deprecated option', 'warn'],
    ['WARNING: no TLS', 'warn'],
    ['logger=server t=2026-11-26T20:00:00Z level=info msg="HTTP Server Listen"', 'info'],
    ['{"level":"debug","msg":"cache miss"}', 'debug'],
    ['{"level":50,"time":1,"msg":"boom"}', 'error'],
    ['{"level":40,"msg":"slow"}', 'warn'],
    ['26 Nov 20:00:00 - [info] Started flows', 'info'],
    ['listening on port 3001', 'other'],
  ])('%s → %s', (line, level) => {
    expect(detectLevel(line)).toBe(level);
  });

  it('prefers the keyed level over words in the message', () => {
    expect(detectLevel('level=info msg="retrying after error"')).toBe('info');
  });
});
