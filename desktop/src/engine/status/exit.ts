// How a service's last run ended, read once here so the console, the CLI and the launcher's
// auto-restart say the same thing. Pure functions; the tracker supplies what the engine's events
// told about the run (RunEnd), statusFromInspect the rest.

/**
 * - `stopped`: asked to stop (STATUS, `docker stop`, Compose: exit 0 or a stop signal, including a
 *   stop whose grace period ran out and ended in SIGKILL).
 * - `killed`: SIGKILL without a stop (exit 137): `docker kill` or another tool. Docker counts this as
 *   a manual stop: its restart policy does not bring the service back.
 * - `oom`: the kernel killed it for lack of memory.
 * - `crashed`: it ended on its own (an error code, or a crash signal such as SIGSEGV).
 */
export type ExitStory = 'stopped' | 'killed' | 'oom' | 'crashed';

export interface ServiceExit {
  story: ExitStory;
  /**
   * True when the engine's events of that end were seen (which signals were sent, whether a stop
   * was asked for). False when only the exit code was there to read (it ended while nothing was
   * watching): a `killed` may then also be a stop that ran out of time.
   */
  witnessed: boolean;
  /** Times Docker's restart policy started it again after it ended on its own (set when > 0). */
  restarts?: number;
}

/** What the engine's events said about one run of a container, from its start to its end. */
export interface RunEnd {
  /** Signals of its `kill` events, in order (the engine's numbers as text, e.g. "15", "9"). */
  signals: string[];
  /** A `stop` event came: someone asked the engine to stop it. */
  stopRequested: boolean;
  /** Its `die` event came. */
  died: boolean;
}

export function emptyRunEnd(): RunEnd {
  return { signals: [], stopRequested: false, died: false };
}

/**
 * Exit codes that mean "it was asked to stop": 0, and death by SIGHUP/SIGINT/SIGKILL/SIGTERM
 * (128 + n: `docker stop` sends the stop signal, then SIGKILL after the grace period; the engine's
 * own shutdown does the same). Anything else is a failure, and so is any exit the OOM killer caused.
 */
const STOP_EXIT_CODES: ReadonlySet<number> = new Set([0, 129, 130, 137, 143]);
const SIGKILL_EXIT = 137;
/**
 * The signals a stop begins with (a container's STOPSIGNAL is one of these in practice: SIGTERM by
 * default, SIGINT for PostgreSQL, SIGQUIT for nginx), as the engine's events name them.
 */
const STOP_SIGNALS = new Set(['2', '3', '15', 'INT', 'QUIT', 'TERM', 'SIGINT', 'SIGQUIT', 'SIGTERM']);

/** True when this exit code and OOM flag mean it failed rather than being stopped. */
export function isFailureExit(exitCode: number | undefined, oomKilled: boolean | undefined): boolean {
  if (oomKilled) return true;
  return exitCode !== undefined && !STOP_EXIT_CODES.has(exitCode);
}

/**
 * A SIGKILL nobody asked the engine to stop for: no `stop` event, and no stop signal sent before it
 * (a stop whose grace period ran out sends the stop signal first, then SIGKILL). A reload signal such
 * as SIGHUP before it does not make it a stop.
 */
function killedWithoutStop(run: RunEnd): boolean {
  return !run.stopRequested && !run.signals.some((signal) => STOP_SIGNALS.has(signal.toUpperCase()));
}

export interface ExitFacts {
  /** The container has a process now (or is about to have one again: `restarting`). */
  live: boolean;
  restarting: boolean;
  exitCode: number | undefined;
  oomKilled: boolean | undefined;
  restartCount: number;
  /** The events of the run that ended, when the tracker saw it end. */
  run: RunEnd | undefined;
}

/** The story of the last exit, or undefined when there is none worth telling (never ran, runs fine). */
export function readExit(facts: ExitFacts): ServiceExit | undefined {
  const witnessed = facts.run?.died === true;
  const restarts = facts.restartCount > 0 ? { restarts: facts.restartCount } : {};
  if (facts.live && !facts.restarting) {
    // The engine forgets the exit code when it starts the container again: the restart count is
    // what is left of the crashes its policy recovered from.
    return facts.restartCount > 0 ? { story: 'crashed', witnessed: false, ...restarts } : undefined;
  }
  if (facts.exitCode === undefined) return undefined;
  if (facts.oomKilled) return { story: 'oom', witnessed, ...restarts };
  if (facts.restarting) return { story: 'crashed', witnessed, ...restarts };
  if (facts.exitCode === SIGKILL_EXIT) {
    const killed = !witnessed || killedWithoutStop(facts.run!);
    return { story: killed ? 'killed' : 'stopped', witnessed };
  }
  const story = isFailureExit(facts.exitCode, false) ? 'crashed' : 'stopped';
  return { story, witnessed, ...(story === 'crashed' ? restarts : {}) };
}
