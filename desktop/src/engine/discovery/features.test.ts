// Setup's engine notes name a missing feature only when the stack needs it: an older engine is no
// concern for features the loaded Compose file does not use (volume sub-paths, image mounts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadComposeProject } from '../compose/load.js';
import type { ComposeProject, Mount } from '../compose/types.js';
import { missingFeatureNotes, stackNeeds } from './features.js';

const STACK_FILE = fileURLToPath(new URL('../../../../stack/compose.yaml', import.meta.url));

/** The real stack, every required variable set. */
async function realStack(): Promise<ComposeProject> {
  const text = readFileSync(STACK_FILE, 'utf8');
  const required = [...text.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]!);
  const env = Object.fromEntries(required.map((name) => [name, `value-of-${name}`]));
  return (await loadComposeProject({ file: STACK_FILE, env, projectName: 'st-features' })).project;
}

/** A one-service project with these mounts. */
function projectWith(mounts: Array<Mount & { subpath?: string }>): ComposeProject {
  return { services: { app: { name: 'app', mounts } } } as unknown as ComposeProject;
}

const NONE = { volumeSubpath: false, imageMount: false };

describe('engine notes follow what the stack needs', () => {
  it('the STATUS stack needs neither volume sub-paths nor image mounts', async () => {
    expect(stackNeeds(await realStack())).toEqual(NONE);
  });

  it('an engine older than both features says nothing about them to a stack that does not use them', () => {
    expect(missingFeatureNotes('1.41', NONE)).toEqual([]);
    expect(missingFeatureNotes('1.44', NONE)).toEqual([]);
  });

  it('a stack that mounts a volume sub-path hears about it on an engine without them, and only there', () => {
    const needs = stackNeeds(
      projectWith([{ type: 'volume', source: 'data', target: '/data', readOnly: false, subpath: 'sub' }]),
    );
    expect(needs).toEqual({ volumeSubpath: true, imageMount: false });
    const notes = missingFeatureNotes('1.44', needs);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/sub-paths.*Engine 26\.0 \(API 1\.45\).*API 1\.44/);
    expect(missingFeatureNotes('1.45', needs)).toEqual([]);
  });

  it('a plain volume or bind mount needs nothing', () => {
    const needs = stackNeeds(
      projectWith([
        { type: 'volume', source: 'data', target: '/data', readOnly: false },
        { type: 'bind', source: '/srv', target: '/srv', readOnly: true },
      ]),
    );
    expect(needs).toEqual(NONE);
  });
});
