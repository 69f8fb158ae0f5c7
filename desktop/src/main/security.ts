// The hardening every web contents of the app shares (the console window and each embedded app
// view): one set of webPreferences, a session that denies every permission, navigation pinned to
// what that contents may show, and new windows sent to the system browser (only http and https).
import type { Session, WebContents, WebPreferences } from 'electron';

/** The preferences every window and view starts from; callers may only add a preload or a session. */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} satisfies WebPreferences);

export function secureWebPreferences(extra: { preload?: string; session?: Session } = {}): WebPreferences {
  return { ...SECURE_WEB_PREFERENCES, ...extra };
}

/** Deny every permission (camera, notifications, geolocation, USB, screen capture…) by default. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}

/** An http(s) URL without credentials, safe to hand to the system browser. */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
}

/**
 * Where a web contents may navigate: the same origin as `base` and, when `base` has a path, only
 * under that path (e.g. http://localhost:3000/grafana/ allows /grafana/… but not /node-red/).
 */
export function navigationScope(base: string): (url: string) => boolean {
  const root = new URL(base);
  const prefix = root.pathname.endsWith('/') ? root.pathname : `${root.pathname}/`;
  return (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.origin !== root.origin || url.username || url.password) return false;
    return url.pathname === root.pathname || url.pathname.startsWith(prefix) || `${url.pathname}/` === prefix;
  };
}

interface NavigationDetails {
  url?: string;
  preventDefault(): void;
}

/**
 * Prevent every navigation and redirect of the main frame that leaves `allowed`; `onBlocked` hears
 * of each one prevented (the STATUS tab hands GitHub's sign-in to a window of its own).
 */
export function pinNavigation(
  contents: WebContents,
  allowed: (url: string) => boolean,
  onBlocked?: (url: string) => void,
): void {
  const guard = (event: NavigationDetails, url?: string): void => {
    const target = event.url ?? url ?? '';
    if (allowed(target)) return;
    event.preventDefault();
    onBlocked?.(target);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
}

/** window.open and target=_blank never open an Electron window; http(s) links go to the system browser. */
export function sendNewWindowsToBrowser(
  contents: WebContents,
  openExternal: (url: string) => Promise<void> | void,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void Promise.resolve(openExternal(url)).catch(() => undefined);
    return { action: 'deny' };
  });
}
