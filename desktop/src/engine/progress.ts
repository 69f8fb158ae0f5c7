// Progress events of long work (pull, build, up, down). One discriminated union, so every UI
// (CLI, console, tests) renders the same facts.

export type ServicePhase =
  | 'pulling'
  | 'building'
  | 'image-ready'
  | 'creating'
  | 'recreating'
  | 'up-to-date'
  | 'waiting'
  | 'starting'
  | 'started'
  | 'healthy'
  | 'completed'
  | 'failed'
  /** An optional service (plan.ts optionalServices) did not pass its gate: the start goes on without it. */
  | 'degraded'
  | 'stopping'
  | 'stopped'
  | 'removing'
  | 'removed'
  | 'skipped';

export type ProgressEvent =
  | { type: 'service'; service: string; phase: ServicePhase; message: string; elapsedMs?: number }
  | {
      type: 'pull';
      service: string;
      image: string;
      /** Layer id, or '' for image-level status lines. */
      layer: string;
      status: string;
      current?: number;
      total?: number;
    }
  | { type: 'pull-retry'; service: string; image: string; attempt: number; delayMs: number; error: string }
  | { type: 'build'; service: string; image: string; line: string }
  | {
      type: 'resource';
      kind: 'network' | 'volume';
      name: string;
      action: 'created' | 'exists' | 'removed' | 'kept';
    }
  | { type: 'warning'; message: string };

export type ProgressListener = (event: ProgressEvent) => void;

export const noProgress: ProgressListener = () => {};
