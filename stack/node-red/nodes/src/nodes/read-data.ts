// status-read-data: CSV or JSON text — from a msg property or a file path — parsed into data
// (CSV: one object per row, keyed by the header row). `auto` picks JSON when the text looks like it.
import { readFile } from 'node:fs/promises';
import { parseCsv } from '../lib/csv';
import { defineNode } from '../lib/define';
import { describe, need, oneOf, setProp, text, type PropertyConfig } from '../lib/props';

export interface ReadDataConfig extends PropertyConfig {
  format?: string;
  /** `msg`: text in `property`; `file`: the file at `path` (typed: str/msg/env). */
  source?: string;
  path?: string;
  pathType?: string;
  separator?: string;
}

export default defineNode<ReadDataConfig>({
  type: 'status-read-data',
  setup({ RED, config, typed }) {
    const format = oneOf(config, 'format', ['auto', 'csv', 'json'] as const, 'auto');
    const source = oneOf(config, 'source', ['msg', 'file'] as const, 'msg');
    const property = text(config, 'property', 'payload');
    const sepRaw = typeof config.separator === 'string' && config.separator ? config.separator : ',';
    const separator = sepRaw === '\\t' || sepRaw === 'tab' ? '\t' : sepRaw;
    if (separator.length !== 1) throw new Error(`separator must be one character (got "${sepRaw}")`);
    const output = text(config, 'output', 'payload');
    return async (msg) => {
      let content: string;
      let where: string;
      if (source === 'file') {
        const path = String(typed(config.path, config.pathType, msg) ?? '').trim();
        if (!path) throw new Error('No file path: set one in the node');
        where = path;
        try {
          content = await readFile(path, 'utf8');
        } catch (err) {
          throw new Error(`Cannot read ${path}: ${(err as Error).message}`);
        }
      } else {
        const v = need(RED, msg, property);
        where = `msg.${property}`;
        if (typeof v !== 'string') {
          if (Buffer.isBuffer(v)) content = v.toString('utf8');
          else throw new Error(`msg.${property} is not text (it is ${describe(v)})`);
        } else content = v;
      }
      const json = format === 'json' || (format === 'auto' && /^\s*[[{]/.test(content));
      let data: unknown;
      if (json) {
        try {
          data = JSON.parse(content);
        } catch (err) {
          throw new Error(`${where} is not valid JSON: ${(err as Error).message}`);
        }
      } else data = parseCsv(content, separator);
      setProp(RED, msg, output, data);
      return msg;
    };
  },
});
