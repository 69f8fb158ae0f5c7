// The console window's size and position, remembered in the settings folder (window.json) and
// restored only when it still shows on one of the displays (a monitor may have been unplugged).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const WINDOW_STATE_FILE = 'window.json';
export const DEFAULT_SIZE = { width: 1280, height: 820 };
export const MIN_SIZE = { width: 900, height: 600 };
/** How much of the window's title bar must be on a display for the saved position to be used. */
const MIN_VISIBLE = 64;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

const rectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});
const stateSchema = z.object({ bounds: rectSchema, maximized: z.boolean() });

function overlap(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y),
  };
}

/** True when the top strip of `bounds` (where the title bar is) is visible on some display. */
export function isVisibleOnSomeDisplay(bounds: Rect, workAreas: Rect[]): boolean {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: Math.min(bounds.height, 32) };
  return workAreas.some((area) => {
    const o = overlap(titleBar, area);
    return o.width >= Math.min(MIN_VISIBLE, bounds.width) && o.height > 0;
  });
}

/** The saved state, if readable and still on screen; undefined means "use the defaults". */
export async function loadWindowState(home: string, workAreas: Rect[]): Promise<WindowState | undefined> {
  let raw: string;
  try {
    raw = await readFile(join(home, WINDOW_STATE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const result = stateSchema.safeParse(parsed);
  if (!result.success) return undefined;
  const { bounds, maximized } = result.data;
  const sized = {
    ...bounds,
    width: Math.max(bounds.width, MIN_SIZE.width),
    height: Math.max(bounds.height, MIN_SIZE.height),
  };
  return isVisibleOnSomeDisplay(sized, workAreas) ? { bounds: sized, maximized } : undefined;
}

export async function saveWindowState(home: string, state: WindowState): Promise<void> {
  const bounds = {
    x: Math.round(state.bounds.x),
    y: Math.round(state.bounds.y),
    width: Math.round(state.bounds.width),
    height: Math.round(state.bounds.height),
  };
  await writeFile(
    join(home, WINDOW_STATE_FILE),
    `${JSON.stringify({ bounds, maximized: state.maximized }, null, 2)}\n`,
    { mode: 0o600 },
  );
}
