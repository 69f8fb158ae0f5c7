// The launcher's way to the engine: the one chosen in settings (Settings → Engine; by default found
// as the Docker CLI finds it), connected when first needed, forgotten when lost (it may come back
// elsewhere: a restarted Docker Desktop, another context) or when another one is chosen, and the
// Stack opened over it as the settings are now. The launcher opens without an engine; only what
// needs one waits for it here.
import type Docker from 'dockerode';
import type { ComposeProject } from '../engine/compose/types.js';
import { connectChosenEngine, type DrivenEngine } from '../engine/discovery/chosen.js';
import { parseEndpoint } from '../engine/discovery/endpoint.js';
import type { DrivenEngineInfo } from '../engine/status/model.js';
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
  private connection: Promise<DrivenEngine> | undefined;
  private connected: DrivenEngine | undefined;
  private stack: Promise<Stack> | undefined;

  constructor(private readonly opts: EngineLinkOptions) {}

  /** The engine client, connecting to the chosen engine if there is none yet; a failed attempt is not kept. */
  engine(): Promise<Docker> {
    if (!this.connection) {
      const { store, env, homeDir } = this.opts.source;
      const attempt = store
        .settings()
        .then((settings) => connectChosenEngine(settings.engine, { env, ...(homeDir ? { homeDir } : {}) }));
      this.connection = attempt;
      attempt.then(
        (engine) => {
          if (this.connection === attempt) this.connected = engine;
        },
        () => {
          if (this.connection === attempt) this.connection = undefined;
        },
      );
    }
    return this.connection.then((engine) => engine.docker);
  }

  /** The engine connected to now (undefined while none is). */
  current(): DrivenEngine | undefined {
    return this.connected;
  }

  /** The engine connected to now, as the console names it. */
  driving(): DrivenEngineInfo | undefined {
    const engine = this.connected;
    if (!engine) return undefined;
    const info: DrivenEngineInfo = {
      name: engine.name,
      endpoint: engine.endpoint,
      version: engine.version.engine,
    };
    if (engine.version.platformName) info.platformName = engine.version.platformName;
    if (!engine.local) info.elsewhere = engineHost(engine.endpoint);
    return info;
  }

  /** The engine went away, or another one was chosen: connect again next time. */
  forget(): void {
    this.connection = undefined;
    this.connected = undefined;
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

/** The host of a tcp:// or ssh:// endpoint, as a person would type it to reach that machine. */
function engineHost(endpoint: string): string {
  return parseEndpoint(endpoint).host ?? endpoint;
}
