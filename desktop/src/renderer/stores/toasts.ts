// Notifications inside the console: a service turned unhealthy or exited, the platform is ready.
import { createStore } from 'zustand/vanilla';
import type { ProjectStatus, ServiceStatus } from '../../api/contract.js';

export type ToastKind = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  /** An i18n key and its values, so a language switch re-renders it. */
  key: string;
  values?: Record<string, string | number>;
}

export interface ToastsState {
  toasts: Toast[];
  push(toast: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

const MAX_TOASTS = 5;

export function createToastsStore() {
  let next = 1;
  return createStore<ToastsState>()((set) => ({
    toasts: [],
    push(toast) {
      set((s) => ({ toasts: [...s.toasts, { ...toast, id: next++ }].slice(-MAX_TOASTS) }));
    },
    dismiss(id) {
      set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
    },
  }));
}

export type ToastsStore = ReturnType<typeof createToastsStore>;

const EXIT_TOASTS: Record<NonNullable<ServiceStatus['exit']>['story'], string | undefined> = {
  stopped: undefined,
  killed: 'toast.killed',
  oom: 'toast.oom',
  crashed: 'toast.exited',
};
const LIVE = new Set(['starting', 'running', 'healthy', 'unhealthy', 'restarting', 'paused']);

/** What changed between two snapshots that an operator should hear about. */
export function statusNotifications(
  previous: ProjectStatus | null,
  next: ProjectStatus,
): Omit<Toast, 'id'>[] {
  if (!previous) return [];
  const out: Omit<Toast, 'id'>[] = [];
  for (const [name, now] of Object.entries(next.services)) {
    const before: ServiceStatus | undefined = previous.services[name];
    if (!before || before.state === now.state) continue;
    if (now.state === 'unhealthy') {
      out.push({ kind: 'warning', key: 'toast.unhealthy', values: { service: name } });
    } else if ((now.state === 'exited' || now.state === 'dead') && LIVE.has(before.state)) {
      // The engine's reading of the exit (status model): a requested stop is not worth a word.
      const key = EXIT_TOASTS[now.exit?.story ?? 'stopped'];
      if (key) out.push({ kind: 'error', key, values: { service: name, code: now.exitCode ?? '?' } });
    }
  }
  if (next.state === 'running' && previous.state !== 'running') {
    out.push({ kind: 'success', key: 'toast.ready' });
  }
  return out;
}
