// Scripts carry free-form metadata; the page keeps a name and a description in it.
import type { Script } from '@backend/contract';

export function scriptName(script: Pick<Script, 'metadata'> | undefined): string | undefined {
  const n = script?.metadata?.name;
  return typeof n === 'string' && n.trim() ? n.trim() : undefined;
}

export function scriptDescription(script: Pick<Script, 'metadata'>): string | undefined {
  const d = script.metadata?.description;
  return typeof d === 'string' && d.trim() ? d.trim() : undefined;
}

export function lineCount(code: string): number {
  return code ? code.split('\n').length : 0;
}
