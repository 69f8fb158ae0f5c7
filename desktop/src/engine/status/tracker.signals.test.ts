// StatusTracker's abort signals: every engine request gets a signal of its own, so a snapshot of
// many containers (or many refreshes at once) never piles listeners onto one signal, which made
// `ps` and `serve` print "MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]".
// A stand-in engine that holds requests open and listens to their signals like Node's http does.
import { getEventListeners } from 'node:events';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { LABEL } from '../labels.js';
import { StatusTracker } from './tracker.js';

const PROJECT = 'st-signals';
const SERVICES = Array.from({ length: 30 }, (_, i) => `svc${i}`);

function fakeEngine(opts: { hang?: boolean } = {}) {
  const signals = new Set<AbortSignal>();
  let maxListeners = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  /** Answers after a few milliseconds (so requests overlap), listening to the signal meanwhile. */
  const answer = <T>(signal: AbortSignal | undefined, value: () => T): Promise<T> =>
    new Promise((resolve, reject) => {
      if (!signal) return reject(new Error('request without a signal'));
      signals.add(signal);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const onAbort = () => {
        clearTimeout(timer);
        inFlight--;
        reject(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      maxListeners = Math.max(maxListeners, getEventListeners(signal, 'abort').length);
      const timer = opts.hang
        ? undefined
        : setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            inFlight--;
            resolve(value());
          }, 5);
    });
  const docker = {
    getEvents: (o: { abortSignal?: AbortSignal }) => {
      const stream = new PassThrough();
      o.abortSignal?.addEventListener('abort', () => stream.destroy(), { once: true });
      return Promise.resolve(stream);
    },
    listContainers: (o: { abortSignal?: AbortSignal }) =>
      answer(o.abortSignal, () => SERVICES.map((_, i) => ({ Id: `c${i}` }))),
    getContainer: (id: string) => ({
      inspect: (o: { abortSignal?: AbortSignal }) =>
        answer(o.abortSignal, () => {
          const i = Number(id.slice(1));
          return {
            Id: id,
            Name: `/${PROJECT}-${SERVICES[i]}-1`,
            Created: new Date(0).toISOString(),
            Config: { Labels: { [LABEL.project]: PROJECT, [LABEL.service]: SERVICES[i]! } },
            State: { Status: 'running', Running: true, StartedAt: new Date().toISOString() },
            RestartCount: 0,
            NetworkSettings: { Ports: {} },
          };
        }),
    }),
  };
  return {
    docker: docker as unknown as Docker,
    stats: () => ({ signals: signals.size, maxListeners, maxInFlight, inFlight }),
  };
}

const trackers: StatusTracker[] = [];
afterEach(async () => {
  await Promise.all(trackers.splice(0).map((t) => t.stop()));
});

describe('StatusTracker abort signals', () => {
  it('gives each request a signal of its own: many requests at once, no MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const engine = fakeEngine();
      const tracker = new StatusTracker({
        docker: engine.docker,
        project: PROJECT,
        services: SERVICES,
        pollMs: 60_000,
      });
      trackers.push(tracker);
      await tracker.start();
      expect(tracker.snapshot().engine).toBe('connected');
      expect(tracker.service('svc29').state).toBe('running');
      // Thirty services refreshed at once, and the whole project a few times over.
      await Promise.all([...SERVICES.map((s) => tracker.refresh(s)), tracker.refresh(), tracker.refresh()]);
      await new Promise((resolve) => setImmediate(resolve));
      const stats = engine.stats();
      expect(stats.maxInFlight).toBeGreaterThan(10); // the requests did overlap
      expect(stats.maxListeners).toBe(1);
      expect(stats.signals).toBeGreaterThan(SERVICES.length);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('stop() still aborts the requests in flight', async () => {
    const engine = fakeEngine({ hang: true });
    const tracker = new StatusTracker({
      docker: engine.docker,
      project: PROJECT,
      services: SERVICES,
      requestTimeoutMs: 60_000,
    });
    const started = tracker.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(engine.stats().inFlight).toBe(1); // the listing hangs
    await tracker.stop();
    await started;
    expect(engine.stats().inFlight).toBe(0);
  });
});
