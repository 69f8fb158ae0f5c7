// Guesses a log line's level from its text: plain words (ERROR, warn:, [info]), logfmt
// (level=error), JSON ("level":"warn", pino's numeric levels) and PostgreSQL's FATAL/PANIC.

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'other';

export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug', 'other'];

const PINO: Record<string, LogLevel> = {
  '10': 'debug',
  '20': 'debug',
  '30': 'info',
  '40': 'warn',
  '50': 'error',
  '60': 'error',
};

const WORDS: [RegExp, LogLevel][] = [
  [/\b(?:error|err|fatal|panic|crit(?:ical)?|emerg(?:ency)?|alert|severe|exception)\b/i, 'error'],
  [/\b(?:warn(?:ing)?)\b/i, 'warn'],
  [/\b(?:info|notice|log)\b/i, 'info'],
  [/\b(?:debug|trace|verbose|dbg)\b/i, 'debug'],
];

const KEYED = /["']?(?:level|lvl|severity)["']?\s*[:=]\s*["']?([a-z0-9]+)/i;

export function detectLevel(text: string): LogLevel {
  const keyed = KEYED.exec(text);
  if (keyed?.[1]) {
    const value = keyed[1];
    const pino = PINO[value];
    if (pino) return pino;
    const fromWord = wordLevel(value);
    if (fromWord !== 'other') return fromWord;
  }
  // Only the head of a long line: levels are written first, and stack traces are long.
  return wordLevel(text.length > 200 ? text.slice(0, 200) : text);
}

function wordLevel(text: string): LogLevel {
  for (const [pattern, level] of WORDS) if (pattern.test(text)) return level;
  return 'other';
}
