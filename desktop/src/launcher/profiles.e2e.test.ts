// Compose profiles end to end on the real engine: the `ledger` setting → stack.env's
// COMPOSE_PROFILES and STATUS_LEDGER_ENDPOINT → the loader → up()/down(). A service under a
// profile that is off is not started or shown; turning the setting off stops its container on the
// next start; down removes it all the same. (The real ledger needs privileged, which this engine
// refuses; a plain test image stands in for it.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejected } from '../../test/expect-error.js';
import { createTestStack, type TestStack } from '../../test/stack-fixture.js';
import { listProjectContainers } from '../engine/labels.js';
import { saveSettings } from '../engine/settings/index.js';
import type { Stack } from './stack.js';

const COMPOSE = `
services:
  app:
    image: \${STATUS_NODE_IMAGE}
    command: ["node", "-e", "setInterval(() => {}, 1000)"]
    stop_grace_period: 1s
  ledger:
    image: \${STATUS_NODE_IMAGE}
    profiles: [ledger]
    command: ["node", "-e", "console.log('endpoint=' + process.env.ENDPOINT); setInterval(() => {}, 1000)"]
    environment:
      ENDPOINT: \${STATUS_LEDGER_ENDPOINT:-}
    stop_grace_period: 1s
`;

let fixture: TestStack;
let file: string;

beforeAll(async () => {
  fixture = await createTestStack('st-prof');
  file = await fixture.writeCompose(COMPOSE);
});

afterAll(() => fixture.cleanup());

async function states(stack: Stack): Promise<Record<string, string>> {
  const containers = await listProjectContainers(stack.docker, fixture.projectName);
  return Object.fromEntries([...containers].map(([service, infos]) => [service, infos[0]?.State ?? '']));
}

describe('Compose profiles on the real engine (the ledger setting)', () => {
  it('starts a profile service only while its setting is on; a start with it off stops it; down removes it', async () => {
    // Off (the default): not part of the project, not started.
    let stack = await fixture.open(file);
    expect(stack.services).toEqual(['app']);
    expect(stack.project.inactiveServices).toEqual({ ledger: ['ledger'] });
    await stack.up({ onProgress: fixture.record });
    expect(await states(stack)).toEqual({ app: 'running' });
    const refused = await rejected(stack.start(['ledger']));
    expect(refused.message).toBe('ledger is turned off (it runs only with the profile ledger).');
    expect(refused.hint).toContain('Settings');

    // On: started, with the endpoint Node-RED would get.
    await saveSettings({ ledger: true }, fixture.home);
    stack = await fixture.open(file);
    expect(stack.services).toEqual(['app', 'ledger']);
    expect(stack.project.services.ledger!.environment.ENDPOINT).toBe('ledger:80');
    await stack.up({ onProgress: fixture.record });
    expect(await states(stack)).toEqual({ app: 'running', ledger: 'running' });

    // Off again: the next full start stops the leftover container (kept until down).
    await saveSettings({ ledger: false }, fixture.home);
    stack = await fixture.open(file);
    expect(stack.services).toEqual(['app']);
    await stack.up({ onProgress: fixture.record });
    expect(await states(stack)).toEqual({ app: 'running', ledger: 'exited' });

    await stack.down();
    expect(await states(stack)).toEqual({});
  });
});
