// Which engine a status-desktop command drives: the one chosen in settings (the console's
// Settings → Engine, or `status-desktop engine use`), connected exactly as the launcher connects
// to it, so the terminal and the console never drive two different engines by surprise. A
// DOCKER_HOST set in the shell wins, as with the Docker CLI: the shell is the more explicit.
import { connectChosenEngine, type DrivenEngine } from '../engine/discovery/chosen.js';
import { StatusError } from '../engine/errors.js';
import { DEFAULT_ENGINE, engineChoiceName, type EngineChoice } from '../engine/settings/engine-choice.js';

/** How to go back to the default engine, in every message about a chosen engine that fails. */
export const BACK_TO_DEFAULT =
  'To go back to the default engine: `status-desktop engine use default` (or the console’s Settings → Engine).';

/**
 * The choice a command acts on: the setting, unless DOCKER_HOST overrides it (then `overridden`
 * says what was set aside, for the one line that says so).
 */
export function effectiveChoice(
  chosen: EngineChoice,
  env: NodeJS.ProcessEnv,
): { choice: EngineChoice; overridden?: string } {
  if (!env.DOCKER_HOST || chosen.kind === 'default') return { choice: chosen };
  return { choice: DEFAULT_ENGINE, overridden: engineChoiceName(chosen) };
}

export function dockerHostNote(dockerHost: string, setAside: string): string {
  return `Using DOCKER_HOST (${dockerHost}) rather than the engine chosen in settings (${setAside}); unset DOCKER_HOST to use that one.`;
}

/** "remote-1 (tcp://10.0.0.5:2376, Docker 27.3.1)": the console's way of naming it. */
export function engineLabel(engine: Pick<DrivenEngine, 'name' | 'endpoint' | 'version'>): string {
  return `${engine.name} (${engine.endpoint}, Docker ${engine.version.engine})`;
}

/**
 * Connects to the engine a command drives. A chosen engine that cannot be reached fails with its
 * name, the console's words for what happened, what to do, and the way back to the default.
 */
export async function connectCliEngine(
  chosen: EngineChoice,
  env: NodeJS.ProcessEnv,
  warn: (line: string) => void,
): Promise<DrivenEngine> {
  const { choice, overridden } = effectiveChoice(chosen, env);
  if (overridden) warn(dockerHostNote(env.DOCKER_HOST!, overridden));
  try {
    return await connectChosenEngine(choice, { env });
  } catch (error) {
    if (!(error instanceof StatusError) || choice.kind === 'default') throw error;
    const endpoint = typeof error.details.endpoint === 'string' ? `, ${error.details.endpoint}` : '';
    throw new StatusError(
      error.code,
      `The engine chosen in settings (${engineChoiceName(choice)}${endpoint}) cannot be used: ${error.message}`,
      `${error.hint}\n  → ${BACK_TO_DEFAULT}`,
      error.details,
    );
  }
}
