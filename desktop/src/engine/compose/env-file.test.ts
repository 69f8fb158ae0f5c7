import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvFile, readEnvFile } from './env-file.js';
import { thrown } from '../../../test/expect-error.js';

describe('parseEnvFile', () => {
  it('parses the forms Compose accepts', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=value',
      'SPACED = spaced value  ',
      'export EXPORTED=yes',
      'EMPTY=',
      "SINGLE='literal $HOME \\n # not a comment'",
      'DOUBLE="line1\\nline2\\t\\"quoted\\" \\\\ \\$LITERAL"',
      'INLINE=value # comment',
      'HASH=abc#def',
      'URL=http://host:3000/#/path',
      "QUOTED_COMMENT='x' # trailing comment",
      'WITH.DOT-DASH=ok',
      '   INDENTED=ok',
      'EQUALS=a=b=c',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({
      PLAIN: 'value',
      SPACED: 'spaced value',
      EXPORTED: 'yes',
      EMPTY: '',
      SINGLE: 'literal $HOME \\n # not a comment',
      DOUBLE: 'line1\nline2\t"quoted" \\ $LITERAL',
      INLINE: 'value',
      HASH: 'abc#def',
      URL: 'http://host:3000/#/path',
      QUOTED_COMMENT: 'x',
      'WITH.DOT-DASH': 'ok',
      INDENTED: 'ok',
      EQUALS: 'a=b=c',
    });
  });

  it('handles CRLF line endings and a BOM', () => {
    expect(parseEnvFile('\uFEFFA=1\r\nB="2"\r\n')).toEqual({ A: '1', B: '2' });
  });

  it('reads quoted values over several lines', () => {
    const text = 'KEY="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1\nS=\'a\nb\'';
    expect(parseEnvFile(text)).toEqual({ KEY: '-----BEGIN-----\nabc\n-----END-----', NEXT: '1', S: 'a\nb' });
  });

  it('interpolates unquoted and double-quoted values, not single-quoted ones', () => {
    const text =
      'BASE=http://localhost\nURL=${BASE}/api\nQ="${BASE}/q"\nS=\'${BASE}\'\nD=${UNSET:-dflt}\nESC=$$x';
    expect(parseEnvFile(text)).toEqual({
      BASE: 'http://localhost',
      URL: 'http://localhost/api',
      Q: 'http://localhost/q',
      S: '${BASE}',
      D: 'dflt',
      ESC: '$x',
    });
  });

  it('lets the environment win over earlier values in the file, and fills bare keys from it', () => {
    const text = 'BASE=file\nURL=${BASE}/x\nFROM_ENV\nNOT_IN_ENV';
    expect(parseEnvFile(text, { env: { BASE: 'env', FROM_ENV: 'e' } })).toEqual({
      BASE: 'file',
      URL: 'env/x',
      FROM_ENV: 'e',
    });
  });

  it('can leave values uninterpolated', () => {
    expect(parseEnvFile('A=$B\nC="\\$D"', { interpolate: false })).toEqual({ A: '$B', C: '$D' });
  });

  it.each([
    ['A=1\nnot a setting line\n', 'stack.env:2: "not a setting line" is not a KEY=VALUE line'],
    ['A=1\n1BAD=2', 'stack.env:2: "1BAD" is not a valid variable name'],
    ['OK=1\nA="never closed\nB=2', 'stack.env:2: the value of A opens a double quote that is never closed'],
    ["A='never closed", 'stack.env:1: the value of A opens a single quote that is never closed'],
    ['A="x" y', 'stack.env:1: unexpected "y" after the quoted value of A'],
    ['=value', 'stack.env:1: "" is not a valid variable name'],
  ])('reports %j with its line', (text, message) => {
    const error = thrown(() => parseEnvFile(text, { file: 'stack.env' }));
    expect(error.code).toBe('COMPOSE_INVALID');
    expect(error.message).toBe(message);
    expect(error.hint).not.toBe('');
  });

  it('uses the error code asked for', () => {
    expect(thrown(() => parseEnvFile('bad line', { errorCode: 'SETTINGS_INVALID' })).code).toBe(
      'SETTINGS_INVALID',
    );
  });

  it('names the line of a missing required variable', () => {
    const error = thrown(() => parseEnvFile('A=1\nB=${SECRET:?set SECRET}', { file: 'stack.env' }));
    expect(error.code).toBe('COMPOSE_VARIABLE');
    expect(error.message).toBe(
      'stack.env:2: B: the required variable SECRET is not set (or is empty): set SECRET',
    );
  });
});

describe('readEnvFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'status-envfile-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file', async () => {
    const file = path.join(dir, 'app.env');
    await writeFile(file, 'A=1\nB="two"\n');
    expect(await readEnvFile(file)).toEqual({ A: '1', B: 'two' });
  });

  it('says when the file does not exist', async () => {
    const file = path.join(dir, 'missing.env');
    await expect(readEnvFile(file)).rejects.toMatchObject({
      code: 'COMPOSE_INVALID',
      message: `${file}: the environment file does not exist.`,
    });
  });
});
