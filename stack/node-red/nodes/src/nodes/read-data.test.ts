import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../lib/csv';
import { helper, lastStatus, runNode } from '../test-support/run-node';
import readData from './read-data';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'status-read-data-'));
  await writeFile(join(dir, 'rows.csv'), 'id;name\r\n1;"a; b"\r\n2;c\r\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => helper.unload());

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, newlines in quotes and a missing last newline', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n"multi\nline",2')).toEqual([
      { a: 'x, y', b: 'say "hi"' },
      { a: 'multi\nline', b: '2' },
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(/quoted field/);
  });
});

describe('status-read-data', () => {
  it('parses CSV text from the msg into objects keyed by the header', async () => {
    const run = await runNode(
      readData,
      { type: 'status-read-data', format: 'csv' },
      { payload: 'x,y\n1,2\n' },
    );
    expect(run.outputs[0]?.payload).toEqual([{ x: '1', y: '2' }]);
    expect(lastStatus(run)).toMatchObject({ fill: 'green' });
  });

  it('detects JSON', async () => {
    const run = await runNode(
      readData,
      { type: 'status-read-data', format: 'auto', property: 'body', output: 'data' },
      { body: '[{"a":1}]' },
    );
    expect(run.outputs[0]?.data).toEqual([{ a: 1 }]);
  });

  it('reads a file with a separator', async () => {
    const run = await runNode(
      readData,
      {
        type: 'status-read-data',
        source: 'file',
        path: join(dir, 'rows.csv'),
        pathType: 'str',
        separator: ';',
      },
      {},
    );
    expect(run.outputs[0]?.payload).toEqual([
      { id: '1', name: 'a; b' },
      { id: '2', name: 'c' },
    ]);
  });

  it('invalid JSON, a missing file and non-text input are node errors', async () => {
    const bad = await runNode(readData, { type: 'status-read-data', format: 'json' }, { payload: '{nope' });
    expect(bad.errors[0]).toMatch(/^msg.payload is not valid JSON/);
    expect(lastStatus(bad)).toMatchObject({ fill: 'red' });
    await helper.unload();
    const missing = await runNode(
      readData,
      { type: 'status-read-data', source: 'file', path: join(dir, 'nope.csv'), pathType: 'str' },
      {},
    );
    expect(missing.errors[0]).toMatch(/^Cannot read .*nope.csv/);
    await helper.unload();
    const notText = await runNode(readData, { type: 'status-read-data' }, { payload: { a: 1 } });
    expect(notText.errors[0]).toBe('msg.payload is not text (it is an object)');
  });
});
