// The embedded apps (STATUS, Grafana, Node-RED): one WebContentsView each, created on first show,
// hardened like the console, navigation pinned to that app's origin and path, new windows sent to
// the system browser. The three share one persistent partition of their own: one STATUS sign-in
// (its cookies on the platform's origin) signs in Grafana (auth proxy) and Node-RED (nodeRedToken),
// while nothing else — the console, other sites — ever sees those cookies. Implements the shell
// part of the contract.
// The STATUS tab's one way out is GitHub sign-in, which opens in a window of its own (github-window.ts).
import { WebContentsView, session, shell, type BrowserWindow } from 'electron';
import type {
  AppViewState,
  DesktopShellApi,
  EmbeddedApp,
  PlatformUrls,
  Unsubscribe,
  ViewBounds,
} from '../api/contract.js';
import { GitHubSignIn, isGitHubAuthorizeUrl } from './github-window.js';
import {
  hardenSession,
  isSafeExternalUrl,
  navigationScope,
  pinNavigation,
  secureWebPreferences,
  sendNewWindowsToBrowser,
} from './security.js';

export const EMBEDDED_APPS: readonly EmbeddedApp[] = ['status', 'grafana', 'nodeRed'];

/** Chromium's net error for a load superseded by another navigation: not a failure to show. */
const ERR_ABORTED = -3;

/**
 * The platform's session, shared by the three tabs. Named as the STATUS tab's partition was before
 * the tabs shared one, so an operator signed in there stays signed in after an update.
 */
export const PLATFORM_PARTITION = 'persist:status';

/** The STATUS sign-in page, where Grafana (auth proxy) sends a tab that is not signed in. */
function isSignInPage(url: string, home: string): boolean {
  try {
    const target = new URL(url);
    return target.origin === new URL(home).origin && target.pathname === '/sign-in';
  } catch {
    return false;
  }
}

interface AppView {
  view: WebContentsView;
  home: string;
  error?: string;
}

export interface AppViewsOptions {
  window: BrowserWindow;
  /** Where each app lives (read on first show and on "home"). */
  urls: () => Promise<PlatformUrls>;
}

function homeOf(urls: PlatformUrls, app: EmbeddedApp): string {
  return app === 'status' ? urls.status : app === 'grafana' ? urls.grafana : urls.nodeRed;
}

export class AppViews implements DesktopShellApi {
  private readonly views = new Map<EmbeddedApp, AppView>();
  private readonly listeners = new Set<(state: AppViewState) => void>();
  private shown: EmbeddedApp | undefined;
  private github: GitHubSignIn | undefined;

  constructor(private readonly opts: AppViewsOptions) {}

  async showApp(app: EmbeddedApp, bounds: ViewBounds): Promise<void> {
    const entry = await this.viewOf(app);
    for (const [other, { view }] of this.views) {
      if (other !== app) this.opts.window.contentView.removeChildView(view);
    }
    // The console measures in CSS pixels; views are placed in window pixels (they differ when zoomed).
    const zoom = this.opts.window.webContents.getZoomFactor();
    entry.view.setBounds({
      x: Math.round(bounds.x * zoom),
      y: Math.round(bounds.y * zoom),
      width: Math.max(0, Math.round(bounds.width * zoom)),
      height: Math.max(0, Math.round(bounds.height * zoom)),
    });
    this.opts.window.contentView.addChildView(entry.view);
    this.shown = app;
  }

  async hideApps(): Promise<void> {
    for (const { view } of this.views.values()) this.opts.window.contentView.removeChildView(view);
    this.shown = undefined;
  }

  async navigateApp(app: EmbeddedApp, action: 'back' | 'forward' | 'reload' | 'home'): Promise<void> {
    const entry = await this.viewOf(app);
    const contents = entry.view.webContents;
    const history = contents.navigationHistory;
    if (action === 'back' && history.canGoBack()) history.goBack();
    else if (action === 'forward' && history.canGoForward()) history.goForward();
    else if (action === 'reload') this.load(entry, contents.getURL() || entry.home);
    else if (action === 'home') {
      entry.home = homeOf(await this.opts.urls(), app);
      this.load(entry, entry.home);
    }
    this.emit(app);
  }

  async openExternal(url: string): Promise<void> {
    if (!isSafeExternalUrl(url)) {
      throw new Error(`Only http and https addresses open in the browser, not "${url}".`);
    }
    await shell.openExternal(url);
  }

  onAppView(listener: (state: AppViewState) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** GitHub sign-in started from the STATUS tab (created with that tab). */
  get githubSignIn(): GitHubSignIn | undefined {
    return this.github;
  }

  /** The app on screen, if any. */
  get visibleApp(): EmbeddedApp | undefined {
    return this.shown;
  }

  state(app: EmbeddedApp): AppViewState | undefined {
    const entry = this.views.get(app);
    if (!entry) return undefined;
    const contents = entry.view.webContents;
    return {
      app,
      url: contents.getURL() || entry.home,
      title: contents.getTitle(),
      loading: contents.isLoading(),
      canGoBack: contents.navigationHistory.canGoBack(),
      canGoForward: contents.navigationHistory.canGoForward(),
      ...(entry.error ? { error: entry.error } : {}),
    };
  }

  private emit(app: EmbeddedApp): void {
    const state = this.state(app);
    if (state) for (const listener of this.listeners) listener(state);
  }

  private load(entry: AppView, url: string): void {
    entry.error = undefined;
    // Failures arrive as did-fail-load; the promise's rejection says the same thing again.
    entry.view.webContents.loadURL(url).catch(() => undefined);
  }

  private async viewOf(app: EmbeddedApp): Promise<AppView> {
    const existing = this.views.get(app);
    if (existing) return existing;
    const home = homeOf(await this.opts.urls(), app);
    const again = this.views.get(app); // another call may have created it while we waited
    if (again) return again;

    const ses = session.fromPartition(PLATFORM_PARTITION);
    hardenSession(ses);
    const view = new WebContentsView({ webPreferences: secureWebPreferences({ session: ses }) });
    const entry: AppView = { view, home };
    this.views.set(app, entry);

    const contents = view.webContents;
    const inScope = navigationScope(home);
    let onBlocked: ((url: string) => void) | undefined;
    if (app === 'status') {
      // The backend's GitHub start route (in scope) redirects to GitHub's authorize page (out of
      // scope): instead of only refusing it, open it where GitHub's sign-in may run.
      const github = new GitHubSignIn({
        parent: () => this.opts.window,
        session: ses,
        isAppUrl: inScope,
        returnToApp: (url) => this.load(entry, url),
        openExternal: (url) => shell.openExternal(url),
      });
      this.github = github;
      onBlocked = (url) => {
        if (isGitHubAuthorizeUrl(url)) github.open(url);
      };
    }
    // Grafana and Node-RED may also show STATUS's sign-in page (it sends them back when done).
    const allowed = app === 'status' ? inScope : (url: string) => inScope(url) || isSignInPage(url, home);
    pinNavigation(contents, allowed, onBlocked);
    sendNewWindowsToBrowser(contents, (url) => shell.openExternal(url));
    const changed = (): void => this.emit(app);
    contents.on('did-start-loading', () => {
      entry.error = undefined;
      changed();
    });
    contents.on('did-stop-loading', changed);
    contents.on('did-navigate', (_event, url, httpResponseCode) => {
      // The reverse proxy answers 502/503/504 while the app behind it is down or starting.
      if (httpResponseCode >= 500) {
        entry.error = `${url} answered HTTP ${httpResponseCode}. The service may be stopped or still starting: start it, then reload.`;
      }
      changed();
    });
    contents.on('did-navigate-in-page', changed);
    contents.on('page-title-updated', changed);
    contents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
      if (!isMainFrame || code === ERR_ABORTED) return;
      entry.error = `${description || 'The page did not load'} (${url}). The service may not be running: start it, then reload.`;
      changed();
    });
    contents.on('render-process-gone', (_event, details) => {
      entry.error = `The page stopped (${details.reason}). Reload it.`;
      changed();
    });
    this.load(entry, home);
    return entry;
  }
}
