// Reading and writing message properties with Node-RED's own path syntax (`payload.a.b[0].c`) and
// turning editor strings into checked values, with errors that name the property.
import type { NodeAPI, NodeDef, NodeMessage } from '../types';

/** A msg property, undefined when it or a parent is missing (Node-RED throws on a missing parent). */
export function getProp(RED: NodeAPI, msg: NodeMessage, path: string): unknown {
  try {
    return RED.util.getMessageProperty(msg, path);
  } catch (err) {
    if (err instanceof TypeError) return undefined;
    throw new Error(`"${path}" is not a valid property path: ${(err as Error).message}`);
  }
}

/** A msg property that must exist. */
export function need(RED: NodeAPI, msg: NodeMessage, path: string): unknown {
  const value = getProp(RED, msg, path);
  if (value === undefined) throw new Error(`msg.${path} is missing`);
  return value;
}

/** A msg property that must be an array. */
export function needArray(RED: NodeAPI, msg: NodeMessage, path: string): unknown[] {
  const value = need(RED, msg, path);
  if (!Array.isArray(value)) throw new Error(`msg.${path} is not an array (it is ${describe(value)})`);
  return value;
}

export function setProp(RED: NodeAPI, msg: NodeMessage, path: string, value: unknown): void {
  RED.util.setMessageProperty(msg, path, value, true);
}

/** A field of an array item (`user.login`, `labels[0].name`); empty path → the item itself. */
export function field(RED: NodeAPI, item: unknown, path: string): unknown {
  if (!path) return item;
  if (item === null || typeof item !== 'object') return undefined;
  try {
    return RED.util.getObjectProperty(item, path);
  } catch {
    return undefined;
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** The settings of a node that reads a msg property and writes its result to another. */
export interface PropertyConfig extends NodeDef {
  property?: string;
  output?: string;
}

/** A typed-input setting (a literal, a msg property or an env variable) and its type. */
export interface ValueConfig {
  value?: string;
  valueType?: string;
}

/** A config string, trimmed, else the default. */
export function text(config: NodeDef, key: string, fallback = ''): string {
  const v = config[key];
  return typeof v === 'string' && v.trim() ? v.trim() : fallback;
}

/** A config string that must be set; `hint` says what to set (e.g. "the field to group by"). */
export function required(config: NodeDef, key: string, hint: string): string {
  const v = text(config, key);
  if (!v) throw new Error(`${key} is empty: set ${hint}`);
  return v;
}

/** A config string that must be one of `allowed`. */
export function oneOf<T extends string>(config: NodeDef, key: string, allowed: readonly T[], fallback: T): T {
  const v = text(config, key, fallback);
  if (!(allowed as readonly string[]).includes(v))
    throw new Error(`${key} must be one of ${allowed.join(', ')} (got "${v}")`);
  return v as T;
}

/** A positive number from config (string or number), else the default. */
export function positive(config: NodeDef, key: string, fallback: number): number {
  const raw = config[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`${key} must be a positive number (got "${String(raw)}")`);
  return n;
}
