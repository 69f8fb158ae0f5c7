// Log followers on their own, over a scripted log source: one engine follow per service shared by
// subscribers, batches with a cap and a "lines skipped" notice, resuming after a restart without
// repeats, and stopping the follow when the last subscriber leaves.
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../engine/logs/logs.js';
import { missingService, type ServiceStatus } from '../engine/status/model.js';
import type { ConsoleLogLine } from '../api/contract.js';
import { LogFollowers } from './log-followers.js';

/** A service whose "container" yields pushed lines until it is stopped. */
class ScriptedService {
  status: ServiceStatus = { ...missingService('svc'), state: 'running' };
  follows: { since: Date }[] = [];
  private queue: LogLine[] = [];
  private wake: (() => void) | undefined;
  private running = true;
  private changeListeners = new Set<() => void>();

  line(n: number): void {
    const ns = `${1_700_000_000_000_000_000n + BigInt(n)}`;
    this.queue.push({
      service: 'svc',
      container: 'c',
      stream: 'stdout',
      time: Number(BigInt(ns) / 1_000_000n),
      timeNs: ns,
      text: `line ${n}`,
    });
    this.wake?.();
  }

  stop(): void {
    this.running = false;
    this.status = { ...this.status, state: 'exited' };
    this.wake?.();
    for (const l of this.changeListeners) l();
  }

  start(): void {
    this.running = true;
    this.status = { ...this.status, state: 'running' };
    for (const l of this.changeListeners) l();
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Like the engine: every line after `since` (here: all still queued or replayed), until stopped. */
  async *follow(since: Date, signal: AbortSignal, replay: LogLine[]): AsyncIterable<LogLine> {
    this.follows.push({ since });
    yield* replay;
    while (!signal.aborted && this.running) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }
}

function setup(opts: { maxBatch?: number } = {}) {
  const svc = new ScriptedService();
  let replayNext: LogLine[] = [];
  const followers = new LogFollowers({
    follow: (_service, since, signal) => {
      const replay = replayNext;
      replayNext = [];
      return svc.follow(since, signal, replay);
    },
    status: () => svc.status,
    onChange: (_service, listener) => svc.onChange(listener),
    batchMs: 10,
    maxBatch: opts.maxBatch,
    recheckMs: 50,
  });
  return { svc, followers, setReplay: (lines: LogLine[]) => (replayNext = lines) };
}

describe('LogFollowers', () => {
  it('shares one follow between subscribers and delivers lines in batches', async () => {
    const { svc, followers } = setup();
    const a: ConsoleLogLine[][] = [];
    const b: ConsoleLogLine[] = [];
    const offA = followers.subscribe(['svc'], (lines) => a.push(lines));
    const offB = followers.subscribe(['svc'], (lines) => b.push(...lines));
    for (let i = 1; i <= 5; i += 1) svc.line(i);
    await expect.poll(() => b.length).toBe(5);
    expect(a.flat().map((l) => l.text)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    expect(a.length).toBeLessThan(5);
    expect(svc.follows).toHaveLength(1);
    offA();
    expect(followers.followedServices).toEqual(['svc']);
    offB();
    expect(followers.followedServices).toEqual([]);
  });

  it('caps a flood: the newest lines and one notice of how many were skipped', async () => {
    const { svc, followers } = setup({ maxBatch: 100 });
    const batches: ConsoleLogLine[][] = [];
    const off = followers.subscribe(['svc'], (lines) => batches.push(lines));
    for (let i = 1; i <= 10_000; i += 1) svc.line(i);
    await expect.poll(() => batches.flat().some((l) => l.text === 'line 10000')).toBe(true);
    off();
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(101);
    const skipped = batches
      .flat()
      .map((l) => /… (\d+) lines skipped/.exec(l.text)?.[1])
      .filter(Boolean)
      .reduce((sum, n) => sum + Number(n), 0);
    const shown = batches.flat().filter((l) => l.text.startsWith('line ')).length;
    expect(skipped + shown).toBe(10_000);
  });

  it('resumes after the service restarts, from the last line, without repeating it', async () => {
    const { svc, followers, setReplay } = setup();
    const seen: string[] = [];
    const off = followers.subscribe(['svc'], (lines) => seen.push(...lines.map((l) => l.text)));
    svc.line(1);
    svc.line(2);
    await expect.poll(() => seen).toEqual(['line 1', 'line 2']);
    svc.stop();
    await expect.poll(() => svc.follows.length).toBe(1);
    // The engine answers "since" at ms precision: it sends line 2 again, which must be dropped.
    const again: LogLine[] = [];
    const keep = svc as unknown as { queue: LogLine[] };
    svc.line(2);
    again.push(keep.queue.pop()!);
    setReplay(again);
    svc.start();
    svc.line(3);
    await expect.poll(() => seen).toEqual(['line 1', 'line 2', 'line 3']);
    expect(svc.follows).toHaveLength(2);
    // Resumed from the time of the last line delivered (line 2), not from "now".
    expect(svc.follows[1]!.since.getTime()).toBe(Number((1_700_000_000_000_000_000n + 2n) / 1_000_000n));
    off();
  });

  it('restart(): another engine was chosen; the follow starts again from now, the subscriber kept', async () => {
    const { svc, followers } = setup();
    const seen: string[] = [];
    const off = followers.subscribe(['svc'], (lines) => seen.push(...lines.map((l) => l.text)));
    svc.line(1);
    await expect.poll(() => seen).toEqual(['line 1']);
    const before = Date.now();
    followers.restart();
    await expect.poll(() => svc.follows.length).toBe(2);
    expect(svc.follows[1]!.since.getTime()).toBeGreaterThanOrEqual(before);
    svc.line(2);
    await expect.poll(() => seen).toEqual(['line 1', 'line 2']);
    expect(followers.followedServices).toEqual(['svc']);
    off();
    expect(followers.followedServices).toEqual([]);
  });
});
