// The first time closing the window only hides it, a notification says where STATUS Desktop went
// (people expect a closed window to mean a quit app). Said once per settings folder.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Notification } from 'electron';
import { z } from 'zod';

const STATE_FILE = 'shell-state.json';
const ShellState = z.object({ closeNoticeShown: z.boolean().optional() }).passthrough();

export const CLOSE_NOTICE = {
  title: 'STATUS Desktop is still running',
  body: 'Closing the window keeps STATUS running for you and others. Open it again from the tray icon; quit from the tray or the menu.',
};

async function readState(file: string): Promise<z.infer<typeof ShellState>> {
  try {
    return ShellState.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return {}; // missing or damaged: the worst case is one notice too many
  }
}

/** Returns the `onHidden` callback for QuitController: a notification the first time only. */
export function firstCloseNotice(home: string, onClick?: () => void): () => void {
  const file = join(home, STATE_FILE);
  let told: Promise<boolean> | undefined;
  return () => {
    told ??= (async () => {
      const state = await readState(file);
      if (state.closeNoticeShown) return true;
      if (Notification.isSupported()) {
        const notice = new Notification(CLOSE_NOTICE);
        if (onClick) notice.on('click', onClick);
        notice.show();
      }
      await writeFile(file, `${JSON.stringify({ ...state, closeNoticeShown: true }, null, 2)}\n`, {
        mode: 0o600,
      });
      return true;
    })().catch(() => true);
  };
}
