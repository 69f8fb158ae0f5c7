// Which LauncherApi the console talks to: the preload's inside Electron (`window.statusDesktop`),
// otherwise the HTTP + WebSocket client of `status-desktop serve` (same origin; the server's
// cookie carries the token).
import type { LauncherApi, PreloadApi } from './types.js';

declare global {
  interface Window {
    statusDesktop?: PreloadApi;
  }
}

export type TransportState = 'open' | 'closed';

export async function connectApi(
  options: { win?: Window; onConnection?: (state: TransportState) => void } = {},
): Promise<LauncherApi> {
  const win = options.win ?? window;
  if (win.statusDesktop) return win.statusDesktop;
  const { createHttpClient } = await import('../api/client/http.js');
  return createHttpClient(options.onConnection ? { onConnection: options.onConnection } : {});
}
