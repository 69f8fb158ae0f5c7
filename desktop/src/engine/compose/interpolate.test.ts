import { describe, expect, it } from 'vitest';
import { isStatusError, StatusError } from '../errors.js';
import { thrown } from '../../../test/expect-error.js';
import {
  formatPath,
  interpolateString,
  interpolateTree,
  InterpolationWarnings,
  listVariables,
} from './interpolate.js';

const env = { SET: 'value', EMPTY: '', A: 'a', B: 'b', PORT: '8080' };
const site = { file: 'stack/compose.yaml', path: 'services.web.image' };

function run(text: string, warnings?: InterpolationWarnings): string {
  return interpolateString(text, env, site, warnings);
}

describe('interpolateString', () => {
  it.each([
    ['no variables', 'plain text', 'plain text'],
    ['$VAR', 'x-$SET-y', 'x-value-y'],
    ['$VAR stops at non-name characters', '$SET.txt', 'value.txt'],
    ['${VAR}', 'x${SET}y', 'xvaluey'],
    ['${VAR} unset → empty', '[${NOPE}]', '[]'],
    [':- set', '${SET:-d}', 'value'],
    [':- unset', '${NOPE:-d}', 'd'],
    [':- empty', '${EMPTY:-d}', 'd'],
    ['- set', '${SET-d}', 'value'],
    ['- unset', '${NOPE-d}', 'd'],
    ['- empty keeps empty', '[${EMPTY-d}]', '[]'],
    [':? set', '${SET:?must be set}', 'value'],
    ['? empty is fine', '[${EMPTY?must be set}]', '[]'],
    [':+ set', '${SET:+alt}', 'alt'],
    [':+ empty', '[${EMPTY:+alt}]', '[]'],
    [':+ unset', '[${NOPE:+alt}]', '[]'],
    ['+ set', '${SET+alt}', 'alt'],
    ['+ empty', '${EMPTY+alt}', 'alt'],
    ['+ unset', '[${NOPE+alt}]', '[]'],
    ['$$ is a literal $', 'pg_isready -U "$$POSTGRES_USER"', 'pg_isready -U "$POSTGRES_USER"'],
    ['$$ before a brace', '$${SET}', '${SET}'],
    ['$$$VAR', '$$$SET', '$value'],
    ['nested default', '${NOPE:-${B:-x}}', 'b'],
    ['nested default, both unset', '${NOPE:-${NOPE2:-x}}', 'x'],
    ['nested in alt', '${SET:+[${A}]}', '[a]'],
    ['default with text and variables', '${NOPE:-http://localhost:${PORT}}/api', 'http://localhost:8080/api'],
    ['default containing colons and dashes', '${NOPE:-postgres:17.2-bookworm}', 'postgres:17.2-bookworm'],
    ['empty default', '[${NOPE:-}]', '[]'],
    ['lone $ stays', 'cost: 5$ or $1', 'cost: 5$ or $1'],
    ['trailing $', 'abc$', 'abc$'],
    ['several in one string', '${A}${B}$A', 'aba'],
    ['port mapping', '127.0.0.1:${NOPE:-5432}:5432', '127.0.0.1:5432:5432'],
    ['braces outside a reference are text', '{"a": "${A}"}', '{"a": "a"}'],
  ])('%s', (_name, input, expected) => {
    expect(run(input)).toBe(expected);
  });

  it('does not evaluate the branch that is not taken', () => {
    expect(run('${SET:-${NOPE:?never evaluated}}')).toBe('value');
    expect(run('${NOPE:+${NOPE2:?never evaluated}}')).toBe('');
    const warnings = new InterpolationWarnings();
    run('${SET:-$UNSET_IN_DEFAULT}', warnings);
    expect(warnings.list()).toEqual([]);
  });

  it('warns once per unset variable, naming where it was used', () => {
    const warnings = new InterpolationWarnings();
    run('$NOPE ${NOPE}', warnings);
    interpolateString('${OTHER}', env, { file: 'f.yaml', path: 'services.a.command' }, warnings);
    expect(warnings.list()).toEqual([
      'stack/compose.yaml: services.web.image: the variable NOPE is not set; using an empty string.',
      'f.yaml: services.a.command: the variable OTHER is not set; using an empty string.',
    ]);
  });

  it(':? fails when unset or empty, with the file, key path and the message from the file', () => {
    const site2 = { file: 'stack/compose.yaml', path: 'services.postgres.environment.POSTGRES_PASSWORD' };
    for (const value of [undefined, '']) {
      const error = thrown(() =>
        interpolateString(
          '${STATUS_DB_PASSWORD:?STATUS_DB_PASSWORD is not set; run STATUS Desktop once}',
          { STATUS_DB_PASSWORD: value },
          site2,
        ),
      );
      expect(error.code).toBe('COMPOSE_VARIABLE');
      expect(error.message).toBe(
        'stack/compose.yaml: services.postgres.environment.POSTGRES_PASSWORD: the required variable STATUS_DB_PASSWORD is not set (or is empty): STATUS_DB_PASSWORD is not set; run STATUS Desktop once',
      );
      expect(error.hint).toMatch(/Set STATUS_DB_PASSWORD in STATUS Desktop's settings/);
      expect(error.details).toMatchObject({
        variable: 'STATUS_DB_PASSWORD',
        path: site2.path,
        file: 'stack/compose.yaml',
      });
    }
  });

  it('? fails only when unset; an empty message still names the variable', () => {
    expect(thrown(() => run('${NOPE?}')).message).toBe(
      'stack/compose.yaml: services.web.image: the required variable NOPE is not set.',
    );
    expect(run('[${EMPTY?}]')).toBe('[]');
    expect(thrown(() => run('${NOPE:-${NOPE2:?inner message}}')).message).toMatch(
      /NOPE2 is not set \(or is empty\): inner message$/,
    );
  });

  it.each([
    ['${', /never closed/],
    ['${SET', /never closed/],
    ['${SET:-abc', /never closed/],
    ['${}', /no variable name/],
    ['${1abc}', /does not start with a variable name/],
    ['${SET BAR}', /is not a valid form/],
    ['${SET:x}', /is not a valid form/],
  ])('rejects bad syntax %s', (input, pattern) => {
    const error = thrown(() => run(input));
    expect(error.code).toBe('COMPOSE_INVALID');
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain('stack/compose.yaml: services.web.image: invalid variable reference');
    expect(error.hint).toContain('$$');
  });

  it('accepts a lookup function', () => {
    expect(interpolateString('${X:-d}', (name) => (name === 'X' ? 'from-fn' : undefined), site)).toBe(
      'from-fn',
    );
  });
});

describe('interpolateTree', () => {
  it('interpolates string scalars, not keys, and keeps other scalars', () => {
    const tree = {
      services: {
        web: { image: '${A}', '${B}': 'key stays', ports: ['${PORT}:80', 80], flag: true, none: null },
      },
    };
    const { value, warnings } = interpolateTree(tree, env, 'c.yaml');
    expect(value).toEqual({
      services: { web: { image: 'a', '${B}': 'key stays', ports: ['8080:80', 80], flag: true, none: null } },
    });
    expect(warnings).toEqual([]);
  });

  it('names the key path of unset variables, with list indexes', () => {
    const { warnings } = interpolateTree(
      { services: { web: { command: ['run', '$MISSING'] } } },
      env,
      'c.yaml',
    );
    expect(warnings).toEqual([
      'c.yaml: services.web.command[1]: the variable MISSING is not set; using an empty string.',
    ]);
  });

  it('reports every missing required variable at once', () => {
    const tree = {
      services: {
        db: { environment: { PASSWORD: '${DB_PW:?set the database password}' } },
        app: { environment: { DB: '${DB_PW:?set the database password}', JWT: '${JWT:?}' } },
      },
    };
    let error: unknown;
    try {
      interpolateTree(tree, {}, 'stack/compose.yaml');
    } catch (e) {
      error = e;
    }
    expect(isStatusError(error, 'COMPOSE_VARIABLE')).toBe(true);
    const e = error as StatusError;
    expect(e.message).toBe(
      'stack/compose.yaml: 2 required variables are not set:\n' +
        '  - services.db.environment.PASSWORD: the required variable DB_PW is not set (or is empty): set the database password\n' +
        '  - services.app.environment.JWT: the required variable JWT is not set (or is empty).',
    );
    expect(e.hint).toContain('Set DB_PW, JWT in');
    expect(e.details.variables).toEqual(['DB_PW', 'JWT']);
  });
});

describe('formatPath', () => {
  it('formats keys and indexes', () => {
    expect(formatPath(['services', 'grafana', 'ports', 0])).toBe('services.grafana.ports[0]');
    expect(formatPath(['services', 'web', 'labels', 'com.example.x'])).toBe(
      'services.web.labels.com.example.x',
    );
    expect(formatPath(['services', 'web', 'labels', 'has space'])).toBe('services.web.labels["has space"]');
    expect(formatPath([])).toBe('');
  });
});

describe('listVariables', () => {
  it('finds every reference in every branch, without evaluating', () => {
    expect(listVariables('$A ${B} ${C:-x${D}} ${E?must} ${F:+alt} $$G')).toEqual([
      { name: 'A', required: false },
      { name: 'B', required: false },
      { name: 'D', required: false },
      { name: 'C', required: false, defaultValue: 'x${D}' },
      { name: 'E', required: true, message: 'must' },
      { name: 'F', required: false },
    ]);
    expect(listVariables('no variables')).toEqual([]);
  });

  it('rejects bad syntax like interpolation does', () => {
    expect(() => listVariables('${A', { file: 'f', path: 'p' })).toThrow(/never closed/);
  });
});
