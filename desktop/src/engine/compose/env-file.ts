// dotenv files the way Compose reads them (`env_file:`, `--env-file`, stack.env):
//   KEY=VALUE           unquoted: trimmed, ` #` starts a comment, `${VAR}` is interpolated
//   export KEY=VALUE    the `export ` prefix is ignored
//   KEY='literal'       single quotes: taken as is (may span lines)
//   KEY="a\nb ${X}"     double quotes: \n \r \t \\ \" \$ escapes, interpolated (may span lines)
//   KEY=                empty value
//   KEY                 no `=`: the value comes from the environment (skipped if unset there)
//   # comment, blank lines
import { readFile } from 'node:fs/promises';
import { StatusError, type ErrorCode } from '../errors.js';
import {
  interpolateString,
  lookupFrom,
  type Env,
  type InterpolationWarnings,
  type Lookup,
} from './interpolate.js';

export interface EnvFileOptions {
  /** File name shown in errors (default `.env`). */
  file?: string;
  /**
   * The environment for `${VAR}` references and bare `KEY` lines. It wins over values defined
   * earlier in the file, as in Compose.
   */
  env?: Env | Lookup;
  /** Expand `${VAR}` in unquoted and double-quoted values (default true, like Compose). */
  interpolate?: boolean;
  /** Error code for syntax errors (default COMPOSE_INVALID; settings use SETTINGS_INVALID). */
  errorCode?: ErrorCode;
  warnings?: InterpolationWarnings;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function parseEnvFile(text: string, options: EnvFileOptions = {}): Record<string, string> {
  const file = options.file ?? '.env';
  const code = options.errorCode ?? 'COMPOSE_INVALID';
  const outer = options.env === undefined ? () => undefined : lookupFrom(options.env);
  const out: Record<string, string> = {};
  const lookup: Lookup = (name) =>
    outer(name) ?? (Object.prototype.hasOwnProperty.call(out, name) ? out[name] : undefined);
  const expand = (value: string, key: string, line: number): string =>
    options.interpolate === false
      ? value
      : interpolateString(value, lookup, { file: `${file}:${line}`, path: key }, options.warnings);
  const fail = (line: number, problem: string, hint: string): never => {
    throw new StatusError(code, `${file}:${line}: ${problem}`, hint, { file, line });
  };

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const line = lines[index]!;
    let rest = line.trim();
    if (rest === '' || rest.startsWith('#')) continue;
    if (/^export\s+/.test(rest)) rest = rest.replace(/^export\s+/, '');

    const eq = rest.indexOf('=');
    if (eq < 0) {
      if (KEY.test(rest)) {
        const inherited = outer(rest);
        if (inherited !== undefined) out[rest] = inherited;
        continue;
      }
      fail(
        lineNo,
        `"${truncate(rest)}" is not a KEY=VALUE line`,
        'Write one setting per line as KEY=VALUE; start comments with #.',
      );
    }
    const key = rest.slice(0, eq).trim();
    if (!KEY.test(key)) {
      fail(
        lineNo,
        `"${truncate(key)}" is not a valid variable name`,
        'Names start with a letter or _ and contain only letters, digits, _, . and -.',
      );
    }
    const afterEq = rest.slice(eq + 1);
    const raw = afterEq.trimStart();
    const quote = raw[0];

    if (quote === "'" || quote === '"') {
      // Find the closing quote, possibly on a later line.
      let body = raw.slice(1);
      let endLine = index;
      let close = findClose(body, quote);
      while (close < 0 && endLine + 1 < lines.length) {
        endLine++;
        body += '\n' + lines[endLine]!;
        close = findClose(body, quote);
      }
      if (close < 0) {
        fail(
          lineNo,
          `the value of ${key} opens a ${quote === '"' ? 'double' : 'single'} quote that is never closed`,
          `Close the value with ${quote}, or escape quotes inside it.`,
        );
      }
      const trailing = body.slice(close + 1).trim();
      if (trailing !== '' && !trailing.startsWith('#')) {
        fail(
          endLine + 1,
          `unexpected "${truncate(trailing)}" after the quoted value of ${key}`,
          'Put nothing but a # comment after a quoted value.',
        );
      }
      const inner = body.slice(0, close);
      out[key] =
        quote === "'" ? inner : expand(unescapeDouble(inner, options.interpolate !== false), key, lineNo);
      index = endLine;
      continue;
    }

    // Unquoted: a `#` preceded by whitespace starts a comment.
    const comment = afterEq.search(/\s#/);
    const value = (comment >= 0 ? afterEq.slice(0, comment) : afterEq).trim();
    out[key] = expand(value, key, lineNo);
  }
  return out;
}

function findClose(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (quote === '"' && body[i] === '\\') {
      i++;
      continue;
    }
    if (body[i] === quote) return i;
  }
  return -1;
}

/** Double-quote escapes; `\$` becomes `$$` when interpolating, so that a literal `$` remains. */
function unescapeDouble(inner: string, interpolating: boolean): string {
  return inner.replace(/\\(.)/gs, (match, ch: string) => {
    switch (ch) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '\\':
        return '\\';
      case '"':
        return '"';
      case '$':
        return interpolating ? '$$' : '$';
      default:
        return match;
    }
  });
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Reads and parses a dotenv file; a missing file is a StatusError naming it. */
export async function readEnvFile(
  path: string,
  options: EnvFileOptions = {},
): Promise<Record<string, string>> {
  const file = options.file ?? path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new StatusError(
      options.errorCode ?? 'COMPOSE_INVALID',
      missing
        ? `${file}: the environment file does not exist.`
        : `${file}: the environment file cannot be read (${(error as Error).message}).`,
      missing
        ? 'Create the file, or remove the reference to it.'
        : 'Check that the file is readable by your user.',
      { file: path },
      { cause: error },
    );
  }
  return parseEnvFile(text, { ...options, file });
}
