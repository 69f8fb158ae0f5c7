// STATUS, Grafana and Node-RED. Inside Electron the shell lays the app's own view over a
// placeholder here (its bounds follow the placeholder); in a browser, a link opens the app in a new
// tab. Either way, a service that is not running gets a "start it" state instead.
import { ArrowLeft, ArrowRight, ExternalLink as ExternalIcon, Loader, Play, RotateCw } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExternalLink } from '../components/ExternalLink.js';
import { IconButton } from '../components/IconButton.js';
import { APP_SERVICE, isUp } from '../lib/services.js';
import { useConsole, useConsoleStore } from '../stores/console.js';
import { runningTasks } from '../stores/tasks.js';
import { RemotePortsNote, forwardedUrl, sharedThere } from './RemotePortsNote.js';
import type { AppViewState, DesktopShellApi, EmbeddedApp, PlatformUrls } from '../types.js';

const URL_KEY: Record<EmbeddedApp, keyof Omit<PlatformUrls, 'shared'>> = {
  status: 'status',
  grafana: 'grafana',
  nodeRed: 'nodeRed',
};

/** The embedded view's toolbar buttons (`apps.<action>` names each). */
const NAVIGATION = [
  { action: 'back', Icon: ArrowLeft },
  { action: 'forward', Icon: ArrowRight },
  { action: 'reload', Icon: RotateCw },
] as const;

export function AppTab({ app }: { app: EmbeddedApp }) {
  const { t } = useTranslation();
  const { api, tasks } = useConsole();
  const service = APP_SERVICE[app];
  const serviceStatus = useConsoleStore('status', (s) => s.status?.services[service]);
  const urls = useConsoleStore('settings', (s) => s.urls);
  const busy = useConsoleStore('tasks', (s) => runningTasks(s).length > 0);
  const name = t(`app.${app}`);
  const url = urls?.[URL_KEY[app]];
  const running = isUp(serviceStatus);
  const status = useConsoleStore('status', (s) => s.status);
  // On an engine on another machine, unshared and not forwarded by the launcher, the app's address
  // is that machine's loopback.
  const elsewhere = forwardedUrl(status) ? undefined : status?.driving?.elsewhere;
  const [forwarded, setForwarded] = useState(false);
  const unreachable =
    elsewhere && !forwarded && !sharedThere(urls?.status, elsewhere) ? elsewhere : undefined;

  return (
    <section className="page page-app" aria-labelledby={`app-${app}-title`}>
      <h1 id={`app-${app}-title`} className="visually-hidden">
        {name}
      </h1>
      {!running ? (
        <div className="card empty-state" role="status">
          <p>{t('apps.notRunning', { service: name })}</p>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => void tasks.getState().run(() => api.up())}
          >
            <Play size={16} aria-hidden /> {t('apps.startIt')}
          </button>
        </div>
      ) : unreachable && status ? (
        <div className="card">
          <RemotePortsNote host={unreachable} status={status} publicUrl={urls?.status} />
          <button type="button" className="btn" onClick={() => setForwarded(true)}>
            {t('overview.remote.openForwarded')}
          </button>
        </div>
      ) : api.shell ? (
        <EmbeddedView app={app} shell={api.shell} url={url} />
      ) : (
        <div className="card empty-state">
          <p>{t('apps.browserExplain', { service: name })}</p>
          {url && (
            <ExternalLink href={url} className="btn btn-primary">
              <ExternalIcon size={16} aria-hidden /> {t('apps.openNewTab')}
            </ExternalLink>
          )}
          {url && <p className="mono small">{url}</p>}
        </div>
      )}
    </section>
  );
}

function EmbeddedView({
  app,
  shell,
  url,
}: {
  app: EmbeddedApp;
  shell: DesktopShellApi;
  url: string | undefined;
}) {
  const { t } = useTranslation();
  const placeholder = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<AppViewState | null>(null);

  useEffect(
    () =>
      shell.onAppView((state) => {
        if (state.app === app) setView(state);
      }),
    [shell, app],
  );

  // Keep the native view exactly over the placeholder; hide it when this tab goes away.
  useEffect(() => {
    const el = placeholder.current;
    if (!el) return;
    const send = () => {
      const r = el.getBoundingClientRect();
      void shell.showApp(app, {
        x: Math.round(r.left),
        y: Math.round(r.top),
        width: Math.round(r.width),
        height: Math.round(r.height),
      });
    };
    send();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(send) : undefined;
    observer?.observe(el);
    window.addEventListener('resize', send);
    // A scrolling page moves the placeholder without resizing it (capture: any scroller counts).
    window.addEventListener('scroll', send, true);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', send);
      window.removeEventListener('scroll', send, true);
      void shell.hideApps();
    };
  }, [shell, app]);

  const current = view?.url || url;
  return (
    <>
      <div className="app-toolbar" role="toolbar" aria-label={t('apps.toolbar')}>
        {NAVIGATION.map(({ action, Icon }) => (
          <IconButton
            key={action}
            label={t(`apps.${action}`)}
            disabled={
              action === 'back' ? !view?.canGoBack : action === 'forward' ? !view?.canGoForward : false
            }
            onClick={() => void shell.navigateApp(app, action)}
          >
            <Icon size={16} aria-hidden />
          </IconButton>
        ))}
        <span className="app-url mono small">
          {view?.title ? `${view.title} — ` : ''}
          {current}
        </span>
        {view?.loading && (
          <span role="status" className="small">
            <Loader size={14} className="spin" aria-hidden /> {t('common.loading')}
          </span>
        )}
        {current && (
          <button type="button" className="btn btn-small" onClick={() => void shell.openExternal(current)}>
            <ExternalIcon size={14} aria-hidden /> {t('apps.openInBrowser')}
          </button>
        )}
      </div>
      {view?.error && (
        <p role="alert" className="note note-error">
          {view.error}
        </p>
      )}
      <div
        ref={placeholder}
        className="app-view"
        data-app={app}
        aria-label={t('apps.viewOf', { service: t(`app.${app}`) })}
      />
    </>
  );
}
