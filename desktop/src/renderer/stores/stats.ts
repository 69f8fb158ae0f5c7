// Resource use per service, polled while the console is visible (each engine sample takes about
// a second, so polls never overlap: the next one is scheduled when the last one ends).
import { createStore } from 'zustand/vanilla';
import type { LauncherApi, ServiceStats } from '../../api/contract.js';

export interface ServiceUsage {
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
}

export interface StatsState {
  byService: Record<string, ServiceUsage>;
  /** Starts polling; the returned function stops it. */
  startPolling(intervalMs?: number): () => void;
  refresh(): Promise<void>;
}

/** Sums a service's containers (a scaled service has several). */
export function usageByService(stats: readonly ServiceStats[]): Record<string, ServiceUsage> {
  const out: Record<string, ServiceUsage> = {};
  for (const s of stats) {
    const u = (out[s.service] ??= { cpuPercent: 0, memoryBytes: 0, memoryLimitBytes: 0 });
    u.cpuPercent += s.cpuPercent;
    u.memoryBytes += s.memoryBytes;
    u.memoryLimitBytes = Math.max(u.memoryLimitBytes, s.memoryLimitBytes);
  }
  return out;
}

export function createStatsStore(api: LauncherApi) {
  return createStore<StatsState>()((set, get) => ({
    byService: {},
    async refresh() {
      try {
        set({ byService: usageByService(await api.stats()) });
      } catch {
        // Stats are a nicety: the status view says what is wrong with the engine.
      }
    },
    startPolling(intervalMs = 3000) {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const visible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';
      const loop = async () => {
        timer = undefined;
        if (stopped) return;
        if (visible()) await get().refresh();
        if (!stopped) timer = setTimeout(() => void loop(), intervalMs);
      };
      const onVisibility = () => {
        if (visible() && timer !== undefined) {
          clearTimeout(timer);
          void loop();
        }
      };
      document.addEventListener('visibilitychange', onVisibility);
      void loop();
      return () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
        document.removeEventListener('visibilitychange', onVisibility);
      };
    },
  }));
}

export type StatsStore = ReturnType<typeof createStatsStore>;
