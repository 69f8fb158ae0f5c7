// Long work (up, pull, start, stop…) as the operator follows it: per service the current phase,
// the engine's message ("waiting for postgres to be healthy") and elapsed time; pulls per service
// and layer; and on failure the reason, the hint and the failing service's last log lines.
import { createStore } from 'zustand/vanilla';
import type {
  ApiError,
  LauncherApi,
  PullSummary,
  ServicePhase,
  TaskEvent,
  TaskInfo,
  UpgradeResult,
} from '../../api/contract.js';
import { toShownError, type ShownError } from '../lib/errors.js';

export interface ServiceProgress {
  phase: ServicePhase;
  message: string;
  elapsedMs?: number;
  /** Wall clock when this phase was reported, so elapsed time keeps counting in between. */
  at: number;
}

export interface PullProgress {
  image: string;
  summary: PullSummary;
  retry?: { attempt: number; error: string };
}

export interface TaskState {
  info: TaskInfo;
  /** In the order services first reported. */
  services: Record<string, ServiceProgress>;
  pulls: Record<string, PullProgress>;
  warnings: string[];
  /** The last build output line per service. */
  builds: Record<string, string>;
  /** An upgrade's steps so far (backup, pull, recreate, rollback…), each with its line. */
  steps?: { step: string; message: string }[];
  /** How an upgrade ended (what changed, or what was rolled back). */
  upgrade?: UpgradeResult;
  /** An image bundle being saved, checked or loaded: payload bytes so far. */
  images?: { step: 'saving' | 'checking' | 'loading'; bytes: number; total?: number };
  cancelling: boolean;
  end?: { ok: boolean; at: number; error?: ApiError; lastLines?: { service: string; lines: string[] } };
}

export interface TasksState {
  tasks: Record<string, TaskState>;
  /** Task ids, oldest first. */
  order: string[];
  /** Set when a command could not even be started. */
  commandError: ShownError | null;
  start(): () => void;
  handle(event: TaskEvent): void;
  /** Runs a command that returns a task; the task appears at once (before its first event). */
  run(command: () => Promise<TaskInfo>): Promise<TaskInfo | undefined>;
  cancel(taskId: string): Promise<void>;
  dismiss(taskId: string): void;
  clearCommandError(): void;
}

const KEEP_ENDED = 5;

function emptyTask(info: TaskInfo): TaskState {
  return { info, services: {}, pulls: {}, warnings: [], builds: {}, cancelling: false };
}

export function runningTasks(state: Pick<TasksState, 'tasks' | 'order'>): TaskState[] {
  return state.order.map((id) => state.tasks[id]).filter((t): t is TaskState => !!t && !t.end);
}

export function createTasksStore(api: LauncherApi, now: () => number = Date.now) {
  return createStore<TasksState>()((set, get) => {
    const upsert = (info: TaskInfo, change: (task: TaskState) => TaskState) => {
      set((state) => {
        const existing = state.tasks[info.id];
        // The latest info wins: a queued task reports 'running' once its turn comes.
        const task = change(existing ? { ...existing, info } : emptyTask(info));
        let order = existing ? state.order : [...state.order, info.id];
        const tasks = { ...state.tasks, [info.id]: task };
        // Forget old finished tasks (never running ones).
        const ended = order.filter((id) => tasks[id]?.end);
        if (ended.length > KEEP_ENDED) {
          const drop = new Set(ended.slice(0, ended.length - KEEP_ENDED));
          order = order.filter((id) => !drop.has(id));
          for (const id of drop) delete tasks[id];
        }
        return { tasks, order };
      });
    };

    const forgetEnded = (info: TaskInfo) =>
      set((state) => {
        const stale = state.order.filter((id) => {
          const task = state.tasks[id];
          return (
            id !== info.id && !!task?.end && task.info.kind === info.kind && task.info.services.length === 0
          );
        });
        if (stale.length === 0) return state;
        const tasks = { ...state.tasks };
        for (const id of stale) delete tasks[id];
        return { tasks, order: state.order.filter((id) => !stale.includes(id)) };
      });

    return {
      tasks: {},
      order: [],
      commandError: null,
      start() {
        const unsubscribe = api.onTask((event) => get().handle(event));
        api.tasks().then(
          (infos) => {
            for (const info of infos) if (!get().tasks[info.id]) upsert(info, (t) => t);
          },
          () => {},
        );
        return unsubscribe;
      },
      handle(event) {
        const { task: info } = event;
        if (event.type === 'task-start') {
          // A new whole-platform start (stop, …) replaces the panels of the earlier ones that ended:
          // a failed Start's panel is not left standing under a later successful one.
          if (info.services.length === 0) forgetEnded(info);
          return upsert(info, (t) => t);
        }
        if (event.type === 'task-end') {
          const end: NonNullable<TaskState['end']> = { ok: event.ok, at: now() };
          if (event.error) end.error = event.error;
          if (event.lastLines) end.lastLines = event.lastLines;
          return upsert(info, (t) => ({ ...t, cancelling: false, end }));
        }
        const progress = event.event;
        switch (progress.type) {
          case 'service': {
            const entry: ServiceProgress = { phase: progress.phase, message: progress.message, at: now() };
            if (progress.elapsedMs !== undefined) entry.elapsedMs = progress.elapsedMs;
            return upsert(info, (t) => ({ ...t, services: { ...t.services, [progress.service]: entry } }));
          }
          case 'pull': {
            // The engine sends the image's whole summary so far: the latest replaces the last.
            const pull: PullProgress = { image: progress.image, summary: progress.summary };
            return upsert(info, (t) => ({ ...t, pulls: { ...t.pulls, [progress.service]: pull } }));
          }
          case 'pull-retry':
            return upsert(info, (t) => {
              const pull = t.pulls[progress.service] ?? {
                image: progress.image,
                summary: { layers: [], current: 0, total: 0, done: false },
              };
              const retry = { attempt: progress.attempt, error: progress.error };
              return { ...t, pulls: { ...t.pulls, [progress.service]: { ...pull, retry } } };
            });
          case 'build':
            return upsert(info, (t) => ({
              ...t,
              builds: { ...t.builds, [progress.service]: progress.line },
            }));
          case 'warning':
            return upsert(info, (t) => ({ ...t, warnings: [...t.warnings, progress.message] }));
          case 'upgrade-step': {
            const step = { step: progress.step, message: progress.message };
            return upsert(info, (t) => ({ ...t, steps: [...(t.steps ?? []), step] }));
          }
          case 'upgrade-result':
            return upsert(info, (t) => ({ ...t, upgrade: progress.result }));
          case 'images': {
            const { step, bytes, total } = progress;
            return upsert(info, (t) => ({
              ...t,
              images: { step, bytes, ...(total !== undefined && { total }) },
            }));
          }
          case 'resource':
            return;
        }
      },
      async run(command) {
        try {
          const info = await command();
          if (info.services.length === 0) forgetEnded(info);
          upsert(info, (t) => t);
          set({ commandError: null });
          return info;
        } catch (error) {
          set({ commandError: toShownError(error) });
          return undefined;
        }
      },
      async cancel(taskId) {
        const task = get().tasks[taskId];
        if (!task || task.end) return;
        upsert(task.info, (t) => ({ ...t, cancelling: true }));
        try {
          await api.cancel(taskId);
        } catch (error) {
          upsert(task.info, (t) => ({ ...t, cancelling: false }));
          set({ commandError: toShownError(error) });
        }
      },
      dismiss(taskId) {
        set((state) => {
          const tasks = { ...state.tasks };
          delete tasks[taskId];
          return { tasks, order: state.order.filter((id) => id !== taskId) };
        });
      },
      clearCommandError() {
        set({ commandError: null });
      },
    };
  });
}

export type TasksStore = ReturnType<typeof createTasksStore>;
