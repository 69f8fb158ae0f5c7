// What the remote-engine tests share: the platform's images (built or present on the machine's own
// engine, to copy to an engine that has no registry), the project's containers on an engine, and
// the operator's Start from the console's overview.
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TaskEvent } from '../../src/api/contract.js';
import { ensureImages } from '../../src/engine/images/ensure.js';
import { noProgress } from '../../src/engine/progress.js';
import type { Launcher } from '../../src/launcher/launcher.js';
import type { TestStack } from '../stack-fixture.js';

export interface PlatformImages {
  /** The platform's services (stack/compose.yaml, the profiles turned off left out), sorted. */
  services: string[];
  /** Every image they run, present on the machine's engine. */
  images: string[];
}

/** Builds (or finds) the platform's images on the machine's engine, as the platform test does. */
export async function platformImages(fixture: TestStack): Promise<PlatformImages> {
  const local = await fixture.open();
  await ensureImages(new Docker(), local.project, { services: local.services, onProgress: noProgress });
  return {
    services: [...local.services].sort(),
    images: [...new Set(Object.values(local.project.services).map((s) => s.image))].sort(),
  };
}

/** `<service>:<state>` of each container of the project on an engine, sorted. */
export async function projectContainers(docker: Docker, project: string): Promise<string[]> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  return list.map((c) => `${c.Labels['com.docker.compose.service']}:${c.State}`).sort();
}

/** Polls `probe` until it holds; fails after `ms`, naming `what`. */
export async function until(what: string, probe: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Presses Start on the overview, as the operator would, and expects the start task to succeed. */
export async function startFromConsole(page: Page, launcher: Launcher): Promise<void> {
  const ended: Array<Extract<TaskEvent, { type: 'task-end' }>> = [];
  const unsubscribe = launcher.onTask((event) => {
    if (event.type === 'task-end') ended.push(event);
  });
  try {
    await page.getByRole('button', { name: 'Overview', exact: true }).click();
    await page
      .getByRole('group', { name: 'Platform actions' })
      .getByRole('button', { name: 'Start', exact: true })
      .click();
    await until('the start task to end', async () => ended.some((e) => e.task.kind === 'up'), 600_000);
  } finally {
    unsubscribe();
  }
  const end = ended.find((e) => e.task.kind === 'up');
  expect(end?.ok, JSON.stringify(end?.error)).toBe(true);
}

/** Waits until every service is healthy or running (Node-RED's flows may load after Start ends). */
export async function untilSettled(launcher: Launcher, ms = 180_000): Promise<void> {
  const settled = /^(healthy|running)$/;
  await until(
    'every service healthy or running',
    async () => Object.values((await launcher.status()).services).every((s) => settled.test(s.state)),
    ms,
  );
}
