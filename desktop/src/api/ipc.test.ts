// The IPC protocol end to end over an in-memory channel pair that behaves like Electron's: invoke
// answers are structured-cloned, and (like contextBridge) a rejected promise keeps only the
// error's message.
import { describe, expect, it } from 'vitest';
import { createFakeLauncher, fakeStatus, type FakeLauncher } from '../../test/fake-launcher.js';
import type { ApiError, LauncherApi, ProjectStatus } from './contract.js';
import { apiErrorOf } from './errors.js';
import { createIpcClient, IPC_EVENT_CHANNELS, IPC_INVOKE_CHANNELS } from './ipc.js';
import { serveLauncherIpc, type IpcServer } from './ipc-main.js';

function channelPair(fake: FakeLauncher): { client: LauncherApi; server: IpcServer; handled: string[] } {
  const handlers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const listeners = new Map<string, Set<(message: unknown) => void>>();
  const server = serveLauncherIpc(fake, {
    handle: (channel, fn) => handlers.set(channel, fn),
    send: (channel, message) => {
      for (const l of listeners.get(channel) ?? []) l(structuredClone(message));
    },
  });
  const raw = createIpcClient({
    invoke: async (channel, ...args) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await handler(...structuredClone(args)));
    },
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  });
  // What contextBridge does to a rejection: a new Error with the same message, nothing else.
  const bridged = {} as Record<string, unknown>;
  for (const [key, value] of Object.entries(raw)) {
    bridged[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            const out = (value as (...a: unknown[]) => unknown)(...args);
            return out instanceof Promise
              ? out.catch((e: unknown) => Promise.reject(new Error((e as Error).message)))
              : out;
          }
        : value;
  }
  return { client: bridged as unknown as LauncherApi, server, handled: [...handlers.keys()] };
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  return apiErrorOf(
    await promise.then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
}

describe('LauncherApi over IPC', () => {
  it('registers exactly the published channel list', () => {
    const { handled } = channelPair(createFakeLauncher());
    expect(handled.sort()).toEqual([...IPC_INVOKE_CHANNELS].sort());
    expect(IPC_EVENT_CHANNELS).toEqual([
      'launcher:event:onStatus',
      'launcher:event:onTask',
      'launcher:event:onLogs',
    ]);
  });

  it('calls methods with their arguments and returns their values', async () => {
    const fake = createFakeLauncher();
    const { client } = channelPair(fake);
    expect(await client.startService('postgres')).toMatchObject({ kind: 'start', services: ['postgres'] });
    expect(await client.logs({ services: ['postgres'], tail: 10 })).toEqual([
      { service: 'postgres', stream: 'stdout', time: 1, text: 'hello' },
    ]);
    expect(fake.calls.map((c) => c.method)).toEqual(['startService', 'logs']);
  });

  it('rejects with the engine error, code and hint intact across the bridge', async () => {
    const { client } = channelPair(createFakeLauncher());
    const error = await rejection(client.startService('nope'));
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'There is no service called "nope".',
      hint: 'Services: postgres.',
      details: { service: 'nope' },
    });
  });

  it('refuses invalid input before the launcher sees it, naming the field', async () => {
    const fake = createFakeLauncher();
    const { client } = channelPair(fake);
    const error = await rejection(client.logs({ services: ['postgres'], tail: -3 }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('tail');
    const secrets = await rejection(client.saveSecrets({ openAiKey: 42 } as never));
    expect(secrets.message).toContain('openAiKey');
    expect(fake.calls).toEqual([]);
  });

  it('turns an unexpected failure into INTERNAL without a stack trace', async () => {
    const { client } = channelPair(createFakeLauncher());
    const error = await rejection(client.saveSettings({ startOnLaunch: true }));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('boom: an unexpected failure');
    expect(JSON.stringify(error)).not.toContain('frame.js');
  });

  it('delivers stream events to the right subscriber until it unsubscribes', async () => {
    const fake = createFakeLauncher();
    const { client, server } = channelPair(fake);
    const seen: ProjectStatus[] = [];
    const logs: string[] = [];
    const off = client.onStatus((s) => seen.push(s));
    const offLogs = client.onLogs({ services: ['grafana'] }, (lines) =>
      logs.push(...lines.map((l) => l.text)),
    );
    await expect.poll(() => seen.length).toBe(1); // the snapshot on subscribe
    fake.emitStatus(fakeStatus('running'));
    fake.emitLogs([
      { service: 'postgres', stream: 'stdout', text: 'not mine' },
      { service: 'grafana', stream: 'stdout', text: 'mine' },
    ]);
    expect(seen.map((s) => s.state)).toEqual(['stopped', 'running']);
    expect(logs).toEqual(['mine']);
    expect(server.subscriptionCount).toBe(2);
    off();
    offLogs();
    await expect.poll(() => server.subscriptionCount).toBe(0);
    fake.emitStatus(fakeStatus('degraded'));
    expect(seen).toHaveLength(2);
    expect(fake.listenerCount()).toBe(0);
  });

  it('drops every subscription when the console reloads', async () => {
    const fake = createFakeLauncher();
    const { client, server } = channelPair(fake);
    client.onTask(() => {});
    client.onStatus(() => {});
    await expect.poll(() => server.subscriptionCount).toBe(2);
    server.resetSubscriptions();
    expect(server.subscriptionCount).toBe(0);
    expect(fake.listenerCount()).toBe(0);
  });
});
