// The launcher's way to the engine: found when first needed, forgotten when lost (it may come back
// elsewhere: a restarted Docker Desktop, another context), and the Stack opened over it as the
// settings are now. The launcher opens without an engine; only what needs one waits for it here.
import type Docker from 'dockerode';
import type { ComposeProject } from '../engine/compose/types.js';
import { discoverEngine } from '../engine/discovery/index.js';
import { StatusError } from '../engine/errors.js';
import { isConnectionError } from '../engine/status/tracker.js';
import type { ProjectSource } from './project.js';
import { Stack } from './stack.js';

export interface EngineLinkOptions {
  source: ProjectSource;
  warn: (message: string) => void;
  /** Told the project each time a Stack opens (it loads the Compose file again). */
  onProject: (project: ComposeProject) => void;
}

export class EngineLink {
  private docker: Promise<Docker> | undefined;
  private stack: Promise<Stack> | undefined;

  constructor(private readonly opts: EngineLinkOptions) {}

  /** The engine client, discovering the engine if there is none yet; a failed attempt is not kept. */
  engine(): Promise<Docker> {
    if (!this.docker) {
      const attempt = discoverEngine({ env: this.opts.source.env }).then((c) => c.docker);
      this.docker = attempt;
      attempt.catch(() => {
        if (this.docker === attempt) this.docker = undefined;
      });
    }
    return this.docker;
  }

  /** The engine went away: find it again next time. */
  forget(): void {
    this.docker = undefined;
    this.stack = undefined;
  }

  /** Settings or secrets changed: the next Stack loads the Compose file again. */
  reopen(): void {
    this.stack = undefined;
  }

  /** The Stack as the settings are now. */
  open(): Promise<Stack> {
    if (!this.stack) {
      const { source, warn, onProject } = this.opts;
      const attempt = this.engine().then((docker) => Stack.open({ ...source, docker, onWarning: warn }));
      this.stack = attempt;
      attempt.then(
        (stack) => onProject(stack.project),
        () => {
          if (this.stack === attempt) this.stack = undefined;
        },
      );
    }
    return this.stack;
  }

  /** Runs an engine call; a connection failure becomes ENGINE_UNREACHABLE with what to do. */
  async run<T>(fn: (stack: Stack) => Promise<T>): Promise<T> {
    const stack = await this.open();
    try {
      return await fn(stack);
    } catch (error) {
      if (error instanceof StatusError || !isConnectionError(error)) throw error;
      this.forget();
      throw new StatusError(
        'ENGINE_UNREACHABLE',
        `The container engine stopped answering: ${(error as Error).message}.`,
        'Check that Docker is running (the setup page shows the diagnosis), then try again.',
      );
    }
  }
}
