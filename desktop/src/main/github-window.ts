// "Sign in with GitHub" from the STATUS tab. The tab is pinned to STATUS's origin, so GitHub's
// authorize page cannot open in it; the system browser would sign in another browser (the
// callback's cookies would never reach the tab). So GitHub's pages open in a child window of their
// own that shares the STATUS tab's session (same partition: GitHub's cookies and ours live where the
// tab can use them), may show only GitHub's sign-in pages, and hands the way back (GitHub's redirect
// to the STATUS callback) to the tab, which completes the sign-in and lands signed in.
import { BrowserWindow, type Session, type WebContents } from 'electron';
import { isSafeExternalUrl, secureWebPreferences, sendNewWindowsToBrowser } from './security.js';

/** Real GitHub only: the desktop app never talks to a GitHub stand-in. */
export const GITHUB_ORIGIN = 'https://github.com';

function parse(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    return url.username || url.password ? undefined : url;
  } catch {
    return undefined;
  }
}

/** GitHub's OAuth authorize page: where the backend's start route sends the browser. */
export function isGitHubAuthorizeUrl(raw: string): boolean {
  const url = parse(raw);
  return url?.origin === GITHUB_ORIGIN && url.pathname === '/login/oauth/authorize';
}

/**
 * GitHub's sign-in pages: the sign-in form (/login, /session), two-factor and device verification
 * (/sessions/…) and OAuth consent (/login/oauth/…). Nothing else of GitHub, nothing of any other site.
 */
export function isGitHubSignInUrl(raw: string): boolean {
  const url = parse(raw);
  if (url?.origin !== GITHUB_ORIGIN) return false;
  const p = url.pathname;
  return p === '/login' || p.startsWith('/login/') || p === '/session' || p.startsWith('/sessions/');
}

export interface GitHubSignInOptions {
  /** The window the sign-in window belongs to (it closes with it and stays above it). */
  parent: () => BrowserWindow;
  /** The STATUS tab's session: the sign-in window uses the same one. */
  session: Session;
  /** Whether a URL is the STATUS app's (its callback, or where it sends a refused sign-in). */
  isAppUrl: (url: string) => boolean;
  /** Load a URL of the app in the STATUS tab (the callback: the tab completes the sign-in). */
  returnToApp: (url: string) => void;
  /** Open a URL in the system browser (GitHub pages other than sign-in: sign-up, password reset). */
  openExternal: (url: string) => Promise<void> | void;
}

interface NavigationDetails {
  url?: string;
  isMainFrame?: boolean;
  preventDefault(): void;
}

/** At most one GitHub sign-in window at a time; a new start reuses it. */
export class GitHubSignIn {
  private win: BrowserWindow | undefined;

  constructor(private readonly opts: GitHubSignInOptions) {}

  /** The open sign-in window, if any. */
  get window(): BrowserWindow | undefined {
    return this.win && !this.win.isDestroyed() ? this.win : undefined;
  }

  /** Open GitHub's authorize page (the only kind of URL accepted) in the sign-in window. */
  open(authorizeUrl: string): void {
    if (!isGitHubAuthorizeUrl(authorizeUrl)) {
      throw new Error(`Only GitHub's authorize page opens in the sign-in window, not "${authorizeUrl}".`);
    }
    const win = this.window ?? this.create();
    win.loadURL(authorizeUrl).catch(() => undefined); // a failed load shows Chromium's error page
    win.show();
    win.focus();
  }

  private create(): BrowserWindow {
    const win = new BrowserWindow({
      parent: this.opts.parent(),
      width: 960,
      height: 760,
      title: 'Sign in with GitHub — STATUS',
      autoHideMenuBar: true,
      show: false,
      // No preload: GitHub's pages get no bridge to the app.
      webPreferences: secureWebPreferences({ session: this.opts.session }),
    });
    this.win = win;
    win.on('closed', () => {
      if (this.win === win) this.win = undefined;
    });
    this.guard(win.webContents, win);
    sendNewWindowsToBrowser(win.webContents, this.opts.openExternal);
    return win;
  }

  private guard(contents: WebContents, win: BrowserWindow): void {
    const check = (kind: 'navigate' | 'redirect') => (event: NavigationDetails, url?: string) => {
      // will-redirect also fires for frames (GitHub's captcha): only the page itself is pinned.
      if (event.isMainFrame === false) return;
      const target = event.url ?? url ?? '';
      if (isGitHubSignInUrl(target)) return;
      event.preventDefault();
      if (this.opts.isAppUrl(target)) {
        // GitHub sends the browser back to the STATUS callback: the tab takes it from here.
        win.close();
        this.opts.returnToApp(target);
        return;
      }
      // A link the user followed (sign-up, password reset, terms) opens in the browser; a redirect
      // elsewhere is nobody's choice and is just refused.
      if (kind === 'navigate' && isSafeExternalUrl(target))
        void Promise.resolve(this.opts.openExternal(target)).catch(() => undefined);
    };
    contents.on('will-navigate', check('navigate'));
    contents.on('will-redirect', check('redirect'));
  }
}
