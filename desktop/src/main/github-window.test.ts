import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/fake-electron/index.js'));
import * as electron from '../../test/fake-electron/index.js';
import { expectSecureWebPreferences } from '../../test/fake-electron/assert-secure.js';
import { embeddedView, TEST_URLS } from '../../test/fake-electron/fake-launcher.js';
import type { EmbeddedApp } from '../api/contract.js';
import { isGitHubAuthorizeUrl, isGitHubSignInUrl } from './github-window.js';
import { AppViews } from './views.js';

const START = 'http://localhost:3000/backend/users/github';
const AUTHORIZE =
  'https://github.com/login/oauth/authorize?response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fbackend%2Fusers%2Fgithub%2Fcallback&scope=user%3Aemail&state=abc&client_id=cid';
const CALLBACK = 'http://localhost:3000/backend/users/github/callback?code=good&state=abc';

let win: electron.BrowserWindow;
let views: AppViews;
const bounds = { x: 0, y: 48, width: 1000, height: 700 };

beforeEach(() => {
  electron.resetFakeElectron();
  win = new electron.BrowserWindow({});
  views = new AppViews({ window: win as never, urls: async () => TEST_URLS });
});

const tab = (app: EmbeddedApp): electron.FakeWebContents =>
  embeddedView(electron.WebContentsView.instances, app).webContents;

/** Windows other than the console window. */
const signInWindows = () => electron.BrowserWindow.instances.filter((w) => w !== win);

/** The STATUS tab follows "Sign in with GitHub": the start route, then the backend's redirect. */
async function startSignIn(): Promise<electron.BrowserWindow> {
  await views.showApp('status', bounds);
  const status = tab('status');
  expect(status.navigate(START), 'the start route is STATUS’s own').toBe(false);
  expect(status.navigate(AUTHORIZE, 'will-redirect'), 'GitHub never loads in the tab').toBe(true);
  const open = signInWindows().filter((w) => !w.isDestroyed());
  expect(open).toHaveLength(1);
  return open[0]!;
}

describe('GitHub sign-in URLs', () => {
  it.each([
    ['https://github.com/login/oauth/authorize?client_id=x', true, true],
    ['https://github.com/login', false, true],
    ['https://github.com/login?client_id=x&return_to=%2Flogin%2Foauth%2Fauthorize', false, true],
    ['https://github.com/session', false, true],
    ['https://github.com/sessions/two-factor', false, true],
    ['https://github.com/sessions/two-factor/webauthn', false, true],
    ['https://github.com/sessions/verified-device', false, true],
    ['https://github.com/settings/profile', false, false],
    ['https://github.com/signup', false, false],
    ['https://github.com/loginx', false, false],
    ['http://github.com/login/oauth/authorize', false, false],
    ['https://github.com.evil.example/login/oauth/authorize', false, false],
    ['https://evil.example/login/oauth/authorize', false, false],
    ['https://user:pw@github.com/login', false, false],
    ['not a url', false, false],
  ])('%s: authorize %s, sign-in page %s', (url, authorize, signIn) => {
    expect(isGitHubAuthorizeUrl(url)).toBe(authorize);
    expect(isGitHubSignInUrl(url)).toBe(signIn);
  });
});

describe('Sign in with GitHub from the STATUS tab', () => {
  it('opens GitHub’s authorize page in a secure child window on the STATUS tab’s session', async () => {
    const gh = await startSignIn();
    expectSecureWebPreferences(gh.options.webPreferences);
    expect(gh.options.webPreferences?.preload).toBeUndefined();
    expect(gh.webContents.session).toBe(tab('status').session);
    expect(gh.webContents.session.partition).toBe('persist:status');
    expect(gh.options.parent).toBe(win);
    expect(gh.webContents.loaded).toEqual([AUTHORIZE]);
    expect(gh.isVisible()).toBe(true);
    expect(views.githubSignIn?.window).toBe(gh);
  });

  it('lets the window go through GitHub’s sign-in and 2FA pages only', async () => {
    const gh = (await startSignIn()).webContents;
    for (const url of [
      'https://github.com/login?client_id=cid&return_to=%2Flogin%2Foauth%2Fauthorize%3Fclient_id%3Dcid',
      'https://github.com/session',
      'https://github.com/sessions/two-factor/app',
      'https://github.com/login/oauth/authorize?client_id=cid',
    ]) {
      expect(gh.navigate(url), url).toBe(false);
      expect(gh.navigate(url, 'will-redirect'), url).toBe(false);
    }
    // other GitHub pages the user clicks open in the system browser; other sites too
    expect(gh.navigate('https://github.com/signup')).toBe(true);
    expect(gh.navigate('https://docs.github.com/en/authentication')).toBe(true);
    // a redirect elsewhere is refused and opens nothing
    expect(gh.navigate('https://evil.example/', 'will-redirect')).toBe(true);
    expect(gh.navigate('file:///etc/passwd')).toBe(true);
    await vi.waitFor(() =>
      expect(electron.shell.opened).toEqual([
        'https://github.com/signup',
        'https://docs.github.com/en/authentication',
      ]),
    );
    // a frame of GitHub's page (its captcha) may redirect; only the page itself is pinned
    const frame = new electron.FakeEvent({ url: 'https://octocaptcha.com/x', isMainFrame: false });
    gh.emit('will-redirect', frame, 'https://octocaptcha.com/x');
    expect(frame.defaultPrevented).toBe(false);
    expect(gh.navigate('https://octocaptcha.com/x', 'will-redirect')).toBe(true);
    // window.open from GitHub's pages never opens an Electron window
    expect(gh.openWindow('https://github.com/contact')).toEqual({ action: 'deny' });
    expect(signInWindows()).toHaveLength(1);
  });

  it('closes on the way back to STATUS’s callback, and the tab completes the sign-in', async () => {
    const gh = await startSignIn();
    const status = tab('status');
    expect(gh.webContents.navigate(CALLBACK, 'will-redirect')).toBe(true);
    expect(gh.isDestroyed()).toBe(true);
    expect(status.loaded.at(-1)).toBe(CALLBACK);
    expect(views.githubSignIn?.window).toBeUndefined();
    // the next sign-in gets a new window
    const again = await startSignIn();
    expect(again).not.toBe(gh);
    // a refused consent comes back to STATUS too (the callback with an error, or its sign-in page)
    expect(again.webContents.navigate('http://localhost:3000/login?error=github&message=x')).toBe(true);
    expect(again.isDestroyed()).toBe(true);
    expect(status.loaded.at(-1)).toBe('http://localhost:3000/login?error=github&message=x');
  });

  it('reuses the open window for a second start; a user-closed window is replaced', async () => {
    const gh = await startSignIn();
    tab('status').navigate(AUTHORIZE.replace('state=abc', 'state=def'), 'will-redirect');
    expect(signInWindows()).toHaveLength(1);
    expect(gh.webContents.loaded.at(-1)).toContain('state=def');
    gh.close();
    expect(views.githubSignIn?.window).toBeUndefined();
    const next = await startSignIn();
    expect(next).not.toBe(gh);
  });

  it('opens nothing for other ways out of the STATUS tab, nor from the Grafana and Node-RED tabs', async () => {
    await views.showApp('status', bounds);
    expect(tab('status').navigate('https://github.com/login', 'will-redirect')).toBe(true);
    expect(tab('status').navigate('https://evil.example/login/oauth/authorize', 'will-redirect')).toBe(true);
    await views.showApp('grafana', bounds);
    expect(tab('grafana').navigate(AUTHORIZE, 'will-redirect')).toBe(true);
    await views.showApp('nodeRed', bounds);
    expect(tab('nodeRed').navigate(AUTHORIZE)).toBe(true);
    expect(signInWindows()).toHaveLength(0);
    expect(electron.shell.opened).toEqual([]);
  });
});
