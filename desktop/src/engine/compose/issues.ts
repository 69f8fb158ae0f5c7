// Turns zod issues (and our own findings) into problems a person can act on, and problems into one
// StatusError naming the file, the key path of each problem and, where known, its line.
import type { z } from 'zod';
import { StatusError, type ErrorCode } from '../errors.js';
import { formatPath, type PathSegment } from './interpolate.js';
import { describeValue, UNKNOWN_KEYS_MARK } from './schema.js';

export interface Problem {
  path: PathSegment[];
  message: string;
  hint?: string;
  /** 1-based line in the file, when it can be found. */
  line?: number;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

export function problemsFromIssues(issues: readonly z.core.$ZodIssue[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys' && issue.message.startsWith(UNKNOWN_KEYS_MARK)) {
      const supported = JSON.parse(issue.message.slice(UNKNOWN_KEYS_MARK.length)) as string[];
      for (const key of issue.keys) problems.push(unknownKey(path, key, supported));
    } else if (issue.code === 'invalid_type') {
      const input = (issue as { input?: unknown }).input;
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      problems.push({
        path,
        message:
          input === undefined
            ? `is required but missing (expected ${expected})`
            : `expected ${expected}, got ${describeValue(input)}`,
      });
    } else if (path[path.length - 1] === 'container_name') {
      problems.push({
        path,
        message: issue.message,
        hint: `Remove container_name from ${formatPath(path.slice(0, -1))}.`,
      });
    } else {
      problems.push({ path, message: issue.message });
    }
  }
  return problems;
}

function unknownKey(parent: PathSegment[], key: string, supported: string[]): Problem {
  const suggestion = closest(key, supported);
  const where = parent.length ? `under ${formatPath(parent)}` : 'at the top level';
  return {
    path: [...parent, key],
    message:
      `unknown key "${key}" (STATUS Desktop's engine does not support it)` +
      (suggestion ? `; did you mean "${suggestion}"?` : ''),
    hint: supported.length
      ? `Supported keys ${where}: ${supported.join(', ')}. Keys starting with x- are ignored.`
      : `Nothing is supported ${where}: leave it empty ({}).`,
  };
}

/** The supported key closest to a typo, if it is close enough to be a likely meaning. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3));
  if (bestDistance <= allowed) return best;
  // "frontend" for "front", "postgres" for "postgres-db": one contains the other.
  const lower = word.toLowerCase();
  return candidates.find(
    (c) =>
      c.length >= 3 &&
      lower.length >= 3 &&
      (lower.includes(c.toLowerCase()) || c.toLowerCase().includes(lower)),
  );
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** One error for all problems of a file: `file: path: message`, one per line when there are several. */
export function problemsError(
  file: string,
  problems: readonly Problem[],
  code: ErrorCode = 'COMPOSE_INVALID',
): StatusError {
  const line = (p: Problem) => (p.path.length ? `${formatPath(p.path)}: ${p.message}` : p.message);
  const lines = problems.map((p) => p.line).filter((n): n is number => n !== undefined);
  const where = lines.length ? ` (line${lines.length > 1 ? 's' : ''} ${[...new Set(lines)].join(', ')})` : '';
  const hints = [...new Set(problems.map((p) => p.hint).filter((h): h is string => !!h))];
  const fix = `Fix ${problems.length > 1 ? 'them' : 'it'} in ${file}${where}, then try again.`;
  const message =
    problems.length === 1
      ? `${file}: ${line(problems[0]!)}`
      : `${file}: ${problems.length} problems:\n${problems.map((p) => `  - ${line(p)}`).join('\n')}`;
  return new StatusError(code, message, [...hints, fix].join(' '), {
    file,
    problems: problems.map((p) => ({
      path: formatPath(p.path),
      message: p.message,
      hint: p.hint,
      line: p.line,
    })),
  });
}
