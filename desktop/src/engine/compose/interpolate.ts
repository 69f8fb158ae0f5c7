// Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
// `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`, `${VAR+alt}`, nested (`${A:-${B:-x}}`) and `$$`.
// Only the branch that is used is evaluated, so `${A:-${B:?..}}` fails only when A is unset or empty.
import { StatusError } from '../errors.js';

/** Where a variable's value comes from: `undefined` means "not set" (different from ''). */
export type Lookup = (name: string) => string | undefined;

export type Env = Readonly<Record<string, string | undefined>>;

export interface InterpolationSite {
  /** File as shown to the user (e.g. `stack/compose.yaml`). */
  file: string;
  /** Key path of the value (e.g. `services.postgres.environment.POSTGRES_PASSWORD`); may be ''. */
  path: string;
}

/** Collects "variable not set" warnings, one per variable (the first place it was used). */
export class InterpolationWarnings {
  private readonly seen = new Map<string, string>();

  add(variable: string, site: InterpolationSite): void {
    if (this.seen.has(variable)) return;
    const where = site.path ? `${site.file}: ${site.path}` : site.file;
    this.seen.set(variable, `${where}: the variable ${variable} is not set; using an empty string.`);
  }

  list(): string[] {
    return [...this.seen.values()];
  }
}

export function lookupFrom(env: Env | Lookup): Lookup {
  if (typeof env === 'function') return env;
  return (name) => (Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined);
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

interface Parser {
  text: string;
  lookup: Lookup;
  site: InterpolationSite;
  warnings: InterpolationWarnings | undefined;
  /** Set by listVariables: told about every reference, evaluated or not. */
  collect?: (use: VariableUse) => void;
}

/** A variable reference found in a string (see listVariables). */
export interface VariableUse {
  name: string;
  /** `${NAME:?...}` / `${NAME?...}`: the file refuses to work without it. */
  required: boolean;
  /** The text after `:-` / `-` (as written, before interpolation). */
  defaultValue?: string;
  /** The text after `:?` / `?`. */
  message?: string;
}

/** Interpolates one string. Throws COMPOSE_VARIABLE for `:?`/`?` failures and COMPOSE_INVALID for bad syntax. */
export function interpolateString(
  text: string,
  env: Env | Lookup,
  site: InterpolationSite,
  warnings?: InterpolationWarnings,
): string {
  if (!text.includes('$')) return text;
  const parser: Parser = { text, lookup: lookupFrom(env), site, warnings };
  // At the top level a `}` is plain text (e.g. JSON in a value); only `${` opens a reference.
  return parseWord(parser, 0, false, true).value;
}

/**
 * Parses from `start` until the end of the text (or, inside braces, an unmatched `}`), returning the
 * value and the index where it stopped. When `evaluate` is false it only skips (no errors, no warnings
 * about variables): used for the branch of `${A:-b}` that is not taken.
 */
function parseWord(
  p: Parser,
  start: number,
  insideBraces: boolean,
  evaluate: boolean,
): { value: string; end: number } {
  const { text } = p;
  let out = '';
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    if (insideBraces && ch === '}') return { value: out, end: i };
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const braced = parseBraced(p, i, evaluate);
      out += braced.value;
      i = braced.end;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text[j]!)) j++;
      const name = text.slice(i + 1, j);
      p.collect?.({ name, required: false });
      if (evaluate) out += resolvePlain(p, name);
      i = j;
    } else {
      // A lone `$` (e.g. `$1`, `$ `, trailing `$`) stays literal, as in Compose.
      out += '$';
      i++;
    }
  }
  if (insideBraces) throw syntaxError(p, `"\${" at position ${start} is never closed with "}"`);
  return { value: out, end: i };
}

/** Parses `${...}` starting at `start` (the `$`); returns the value and the index after the `}`. */
function parseBraced(p: Parser, start: number, evaluate: boolean): { value: string; end: number } {
  const { text } = p;
  let j = start + 2;
  if (j >= text.length) throw syntaxError(p, '"${" is never closed with "}"');
  if (!NAME_START.test(text[j]!)) {
    if (text[j] === '}') throw syntaxError(p, '"${}" has no variable name');
    throw syntaxError(p, `"\${${text.slice(j, j + 10)}..." does not start with a variable name`);
  }
  while (j < text.length && NAME_CHAR.test(text[j]!)) j++;
  const name = text.slice(start + 2, j);
  if (j >= text.length) throw syntaxError(p, `"\${${name}" is never closed with "}"`);
  if (text[j] === '}') {
    p.collect?.({ name, required: false });
    return { value: evaluate ? resolvePlain(p, name) : '', end: j + 1 };
  }

  let op: Operator;
  if (text[j] === ':' && (text[j + 1] === '-' || text[j + 1] === '?' || text[j + 1] === '+')) {
    op = `:${text[j + 1]}` as Operator;
    j += 2;
  } else if (text[j] === '-' || text[j] === '?' || text[j] === '+') {
    op = text[j] as Operator;
    j += 1;
  } else {
    throw syntaxError(
      p,
      `"\${${name}${text[j]}..." is not a valid form (after the name comes "}", ":-", "-", ":?", "?", ":+" or "+")`,
    );
  }

  const current = evaluate ? p.lookup(name) : undefined;
  const isSet = current !== undefined;
  const isNonEmpty = isSet && current !== '';
  let useWord: boolean;
  switch (op) {
    case ':-':
    case ':?':
      useWord = !isNonEmpty;
      break;
    case '-':
    case '?':
      useWord = !isSet;
      break;
    case ':+':
      useWord = isNonEmpty;
      break;
    case '+':
      useWord = isSet;
      break;
  }
  const word = parseWord(p, j, true, evaluate && useWord);
  const end = word.end + 1; // past the `}` (parseWord throws if it is missing)
  if (p.collect) {
    const raw = text.slice(j, word.end);
    const required = op === ':?' || op === '?';
    p.collect({
      name,
      required,
      ...(op === ':-' || op === '-' ? { defaultValue: raw } : {}),
      ...(required ? { message: raw } : {}),
    });
  }
  if (!evaluate) return { value: '', end };

  switch (op) {
    case ':-':
    case '-':
      return { value: useWord ? word.value : current!, end };
    case ':+':
    case '+':
      return { value: useWord ? word.value : '', end };
    case ':?':
    case '?':
      if (useWord) throw requiredError(p, name, word.value, op);
      return { value: current!, end };
  }
}

function resolvePlain(p: Parser, name: string): string {
  const value = p.lookup(name);
  if (value === undefined) {
    p.warnings?.add(name, p.site);
    return '';
  }
  return value;
}

function where(site: InterpolationSite): string {
  return site.path ? `${site.file}: ${site.path}` : site.file;
}

function requiredError(p: Parser, name: string, message: string, op: ':?' | '?'): StatusError {
  const state = op === ':?' ? 'is not set (or is empty)' : 'is not set';
  const said = message.trim();
  return new StatusError(
    'COMPOSE_VARIABLE',
    `${where(p.site)}: the required variable ${name} ${state}` + (said ? `: ${said}` : '.'),
    `Set ${name} in STATUS Desktop's settings (or in stack.env next to them), then start again.`,
    { file: p.site.file, path: p.site.path, variable: name, variables: [name], reason: said },
  );
}

function syntaxError(p: Parser, problem: string): StatusError {
  return new StatusError(
    'COMPOSE_INVALID',
    `${where(p.site)}: invalid variable reference in "${p.text}": ${problem}`,
    'Write $NAME, ${NAME}, ${NAME:-default} or ${NAME:?message}; write $$ for a literal "$".',
    { file: p.site.file, path: p.site.path },
  );
}

/**
 * Every variable a string refers to, in every branch (nothing is evaluated). Throws COMPOSE_INVALID
 * for bad syntax, like interpolateString.
 */
export function listVariables(text: string, site: InterpolationSite = { file: '', path: '' }): VariableUse[] {
  const uses: VariableUse[] = [];
  if (!text.includes('$')) return uses;
  const parser: Parser = {
    text,
    lookup: () => undefined,
    site,
    warnings: undefined,
    collect: (use) => uses.push(use),
  };
  parseWord(parser, 0, false, false);
  return uses;
}

export type PathSegment = string | number;

/** `['services', 'web', 'ports', 0]` → `services.web.ports[0]`; odd keys are quoted: `labels["a b"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_.\-/]+$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Interpolates every string scalar in a parsed YAML tree (keys are left alone). Returns a new tree;
 * numbers, booleans and nulls pass through unchanged.
 */
export function interpolateTree(
  tree: unknown,
  env: Env | Lookup,
  file: string,
  warnings: InterpolationWarnings = new InterpolationWarnings(),
): { value: unknown; warnings: string[] } {
  const lookup = lookupFrom(env);
  const missing: StatusError[] = [];
  const walk = (node: unknown, path: PathSegment[]): unknown => {
    if (typeof node === 'string') {
      try {
        return interpolateString(node, lookup, { file, path: formatPath(path) }, warnings);
      } catch (error) {
        // Collect every missing required variable, so that one run names them all.
        if (error instanceof StatusError && error.code === 'COMPOSE_VARIABLE') {
          missing.push(error);
          return '';
        }
        throw error;
      }
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, [...path, index]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        Object.defineProperty(out, key, {
          value: walk(value, [...path, key]),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return node;
  };
  const value = walk(tree, []);
  if (missing.length > 0) throw missingVariablesError(file, missing);
  return { value, warnings: warnings.list() };
}

/** One error for all missing required variables (each named once, at the first place it is used). */
function missingVariablesError(file: string, errors: StatusError[]): StatusError {
  const byVariable = new Map<string, StatusError>();
  for (const error of errors) {
    const variable = String(error.details.variable);
    if (!byVariable.has(variable)) byVariable.set(variable, error);
  }
  if (byVariable.size === 1) return errors[0]!;
  const names = [...byVariable.keys()];
  const lines = [...byVariable.values()].map(
    (error) =>
      `  - ${error.message.startsWith(`${file}: `) ? error.message.slice(file.length + 2) : error.message}`,
  );
  return new StatusError(
    'COMPOSE_VARIABLE',
    `${file}: ${names.length} required variables are not set:\n${lines.join('\n')}`,
    `Set ${names.join(', ')} in STATUS Desktop's settings (or in stack.env next to them), then start again.`,
    {
      file,
      variables: names,
      problems: [...byVariable.values()].map((error) => ({ ...error.details, message: error.message })),
    },
  );
}
