// What the launcher remembers besides settings: whether first-run setup is done. Kept in its own
// file next to settings.json, which accepts only engine settings.
import { join } from 'node:path';
import { z } from 'zod';
import { readTextIfExists, writeFileAtomic } from '../engine/settings/files.js';

const STATE_FILE = 'launcher-state.json';

const launcherState = z.looseObject({ setupDone: z.boolean().optional() });
export type LauncherState = z.infer<typeof launcherState>;

/** The stored state; a damaged file reads as empty (setup shows again) and says so. */
export async function readLauncherState(
  home: string,
  warn: (message: string) => void,
): Promise<LauncherState> {
  const path = join(home, STATE_FILE);
  const text = await readTextIfExists(path);
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = launcherState.safeParse(json);
  if (parsed.success) return parsed.data;
  warn(`${path} is not valid launcher state; first-run setup will show again.`);
  return {};
}

export function writeLauncherState(home: string, state: LauncherState): Promise<void> {
  return writeFileAtomic(join(home, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}
