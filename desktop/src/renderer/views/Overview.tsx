// The platform at a glance: its state, Start / Stop / Restart for everything, and every service
// with its health, uptime, ports, image, resource use and its own actions.
import { ExternalLink as ExternalIcon, FileText, Play, RotateCw, Square } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DrivingEngine } from '../components/DrivingEngine.js';
import { RemotePortsNote, forwardedUrl } from './RemotePortsNote.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { IconButton } from '../components/IconButton.js';
import { ExternalLink } from '../components/ExternalLink.js';
import { OverallBadge, ServiceStateBadge } from '../components/StateBadge.js';
import { formatBytes, formatClock, formatDuration, formatPercent, splitImage } from '../lib/format.js';
import { crashed, isDegradedOptional, isFailing, isLiveState, portUrl } from '../lib/services.js';
import { useNow } from '../lib/use-now.js';
import { useConsole, useConsoleStore } from '../stores/console.js';
import { runningTasks } from '../stores/tasks.js';
import type { ServiceStatus } from '../types.js';

/** The services table's columns, in order (numbers right-aligned); `col.<key>` names each. */
const COLUMNS: readonly { key: string; numeric?: boolean }[] = [
  { key: 'service' },
  { key: 'state' },
  { key: 'health' },
  { key: 'uptime' },
  { key: 'ports' },
  { key: 'image' },
  { key: 'version' },
  { key: 'cpu', numeric: true },
  { key: 'memory', numeric: true },
  { key: 'restarts', numeric: true },
  { key: 'actions' },
];

export function Overview() {
  const { t } = useTranslation();
  const { api, stats, tasks, nav, status: statusStore } = useConsole();
  const status = useConsoleStore('status', (s) => s.status);
  const statusError = useConsoleStore('status', (s) => s.error);
  const receivedAt = useConsoleStore('status', (s) => s.receivedAt);
  const engineLostAt = useConsoleStore('status', (s) => s.engineLostAt);
  const lastOutage = useConsoleStore('status', (s) => s.lastOutage);
  const busy = useConsoleStore('tasks', (s) => runningTasks(s).length > 0);
  const commandError = useConsoleStore('tasks', (s) => s.commandError);
  const usage = useConsoleStore('stats', (s) => s.byService);
  const urls = useConsoleStore('settings', (s) => s.urls);
  const now = useNow(1000);

  useEffect(() => stats.getState().startPolling(3000), [stats]);

  const run = tasks.getState().run;
  const services = status ? Object.values(status.services) : [];
  const anyLive = services.some((s) => isLiveState(s.state));
  const host = typeof location !== 'undefined' && location.hostname ? location.hostname : 'localhost';
  const statusUp = status?.services['reverse-proxy'] && isLiveState(status.services['reverse-proxy'].state);
  // Degraded by optional services only (Grafana, Node-RED, the registry…): STATUS itself runs.
  const failing = services.filter(isFailing);
  const optionalOnly =
    status?.state === 'degraded' && failing.length > 0 && failing.every(isDegradedOptional);

  // Without the engine the states below are only the last known: no command can act on them.
  const engineGone = status !== null && status.engine !== 'connected';
  const blocked = busy || engineGone;
  const allRunning = status?.state === 'running';
  const platformActions = [
    {
      label: 'action.start',
      Icon: Play,
      primary: true,
      disabled: blocked || allRunning,
      title: allRunning ? t('overview.allRunning') : undefined,
      command: () => api.up(),
    },
    { label: 'action.stop', Icon: Square, disabled: blocked || !anyLive, command: () => api.stop() },
    { label: 'action.restart', Icon: RotateCw, disabled: blocked || !anyLive, command: () => api.restart() },
  ];

  return (
    <section aria-labelledby="overview-title" className="page">
      <header className="page-header">
        <div>
          <h1 id="overview-title">{t('overview.title')}</h1>
          <p className="muted">
            {t('overview.platformIs')} <OverallBadge state={status?.state} optionalOnly={optionalOnly} />
            {status && status.engine !== 'connected' && (
              <span className="badge tone-bad">{t(`engine.${status.engine}`)}</span>
            )}
          </p>
          {status?.driving && (
            <p className="small muted">
              <DrivingEngine driving={status.driving} />
            </p>
          )}
          {status?.driving?.elsewhere && (
            <RemotePortsNote host={status.driving.elsewhere} status={status} publicUrl={urls?.status} />
          )}
        </div>
        <div className="toolbar" role="group" aria-label={t('overview.platformActions')}>
          {platformActions.map(({ label, Icon, primary, disabled, title, command }) => (
            <button
              key={label}
              type="button"
              className={primary ? 'btn btn-primary' : 'btn'}
              disabled={disabled}
              title={title}
              onClick={() => void run(command)}
            >
              <Icon size={16} aria-hidden /> {t(label)}
            </button>
          ))}
          {api.shell ? (
            <button
              type="button"
              className="btn"
              disabled={!statusUp}
              onClick={() => nav.getState().go('status')}
            >
              <ExternalIcon size={16} aria-hidden /> {t('overview.openStatus')}
            </button>
          ) : (
            urls && (
              <ExternalLink href={urls.status} className="btn">
                <ExternalIcon size={16} aria-hidden /> {t('overview.openStatus')}
              </ExternalLink>
            )
          )}
        </div>
      </header>

      {optionalOnly && (
        <p className="note note-warn" role="status">
          {t('overview.degradedOnly', { services: failing.map((s) => s.service).join(', ') })}
        </p>
      )}
      {statusError && <ErrorNote error={statusError} />}
      {engineGone && (
        <ErrorNote
          error={{
            message: t('engine.lostSince', { time: formatClock(engineLostAt ?? receivedAt) }),
            hint: [t('engine.lastKnown'), status.engineError].filter(Boolean).join(' '),
          }}
        />
      )}
      {!engineGone && lastOutage && (
        <p className="note" role="status">
          {t('engine.wasAway', { from: formatClock(lastOutage.from), to: formatClock(lastOutage.to) })}{' '}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => statusStore.getState().dismissOutage()}
          >
            {t('common.dismiss')}
          </button>
        </p>
      )}
      {commandError && (
        <ErrorNote error={commandError} onDismiss={() => tasks.getState().clearCommandError()} />
      )}

      {urls && urls.shared.length > 0 && (
        <p className="shared-address">
          {t('overview.sharedAt')}{' '}
          {urls.shared.map((address) => (
            <code key={address}>{address}</code>
          ))}
        </p>
      )}

      <div className="table-wrap">
        <table className={engineGone ? 'services stale' : 'services'}>
          <caption className="visually-hidden">{t('overview.servicesCaption')}</caption>
          <thead>
            <tr>
              {COLUMNS.map(({ key, numeric }) => (
                <th key={key} scope="col" className={numeric ? 'num' : undefined}>
                  {t(`col.${key}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {services.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="muted">
                  {status ? t('overview.noServices') : t('common.loading')}
                </td>
              </tr>
            )}
            {services.map((s) => (
              <ServiceRow
                key={s.service}
                status={s}
                uptimeMs={s.uptimeMs !== undefined ? s.uptimeMs + Math.max(0, now - receivedAt) : undefined}
                usage={usage[s.service]}
                host={host}
                publicUrl={urls?.status}
                elsewhere={status?.driving?.elsewhere}
                proxyForwarded={forwardedUrl(status) !== undefined}
                busy={blocked}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The exit's words to show, from the status model's reading of it (engine/status/exit.ts). */
function exitWords(s: ServiceStatus): { key: string; count?: number; bad: boolean } | undefined {
  const exit = s.exit;
  if (!exit) return undefined;
  const live = isLiveState(s.state);
  if (exit.story === 'killed' && !live) {
    return { key: exit.witnessed ? 'overview.exit.killed' : 'overview.exit.killedUnseen', bad: true };
  }
  if (exit.story === 'oom' && !live) return { key: 'overview.exit.oom', bad: true };
  if (exit.story === 'crashed' && exit.restarts) {
    return live
      ? { key: 'overview.exit.restarted', count: exit.restarts, bad: false }
      : { key: 'overview.exit.gaveUp', count: exit.restarts, bad: true };
  }
  return undefined;
}

/**
 * Why a service stopped when its exit says more than its code, and, when Docker will not bring it
 * back by itself (killed from outside, out of memory), a button that starts it again.
 */
function ExitNote({
  status: s,
  busy,
  onStart,
}: {
  status: ServiceStatus;
  busy: boolean;
  onStart: () => void;
}) {
  const { t } = useTranslation();
  const words = exitWords(s);
  if (!words) return null;
  const offerStart = !isLiveState(s.state) && (s.exit?.story === 'killed' || s.exit?.story === 'oom');
  return (
    <div className={words.bad ? 'small text-bad exit-note' : 'small muted exit-note'}>
      {t(words.key, { count: words.count })}
      {offerStart && (
        <>
          {' '}
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            aria-label={t('overview.startAgainService', { service: s.service })}
            onClick={onStart}
          >
            <Play size={12} aria-hidden /> {t('overview.startAgain')}
          </button>
        </>
      )}
    </div>
  );
}

function ServiceRow({
  status: s,
  uptimeMs,
  usage,
  host,
  publicUrl,
  elsewhere,
  proxyForwarded,
  busy,
}: {
  status: ServiceStatus;
  uptimeMs: number | undefined;
  usage: { cpuPercent: number; memoryBytes: number } | undefined;
  host: string;
  /** The platform's public URL (Stack.urls().status): links use its host name. */
  publicUrl: string | undefined;
  /** The machine the engine runs on, when it is not this computer. */
  elsewhere: string | undefined;
  /** The launcher forwards the reverse proxy's port from that machine here. */
  proxyForwarded: boolean;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const { api, tasks, nav, status: statusStore } = useConsole();
  const run = tasks.getState().run;
  const live = isLiveState(s.state);
  const killedAt = useConsoleStore('status', (st) => st.kills[s.service]);
  const degraded = isDegradedOptional(s);
  const image = splitImage(s.image);
  const name = s.service;
  const commands = live
    ? [
        { label: 'action.stopService', Icon: Square, command: () => api.stopService(name) },
        { label: 'action.restartService', Icon: RotateCw, command: () => api.restartService(name) },
      ]
    : [{ label: 'action.startService', Icon: Play, command: () => api.startService(name) }];
  return (
    <tr aria-label={name} data-service={name}>
      <th scope="row">{name}</th>
      <td>
        <ServiceStateBadge state={s.state} failed={crashed(s)} degraded={degraded} />
        {s.exitCode !== undefined && !live && (
          <span className="muted small"> {t('overview.exitCode', { code: s.exitCode })}</span>
        )}
        <ExitNote status={s} busy={busy} onStart={() => void run(() => api.startService(name))} />
        {live && killedAt !== undefined && (
          <div className="small muted exit-note">
            {t('overview.exit.killedThenStarted', { time: formatClock(killedAt) })}{' '}
            <button
              type="button"
              className="btn btn-small"
              onClick={() => statusStore.getState().dismissKill(name)}
            >
              {t('common.dismiss')}
            </button>
          </div>
        )}
        {s.error && <div className="small text-bad">{s.error}</div>}
        {degraded && <div className="small muted">{t('overview.optionalDown')}</div>}
      </td>
      <td title={s.lastHealthLog}>
        {s.health ? t(`health.${s.health}`) : '–'}
        {s.health === 'unhealthy' && s.lastHealthLog && (
          <div className="small muted health-log">{s.lastHealthLog.split('\n')[0]}</div>
        )}
      </td>
      <td>{uptimeMs !== undefined && live ? formatDuration(uptimeMs) : '–'}</td>
      <td>
        <ul className="plain-list">
          {s.ports.map((p) => {
            const url = portUrl(name, p, host, publicUrl, elsewhere, proxyForwarded);
            const text = `${p.hostPort}→${p.containerPort}`;
            return (
              <li key={`${p.hostIp}:${p.hostPort}/${p.protocol}`}>
                {url && live ? <ExternalLink href={url}>{text}</ExternalLink> : <span>{text}</span>}
              </li>
            );
          })}
        </ul>
      </td>
      <td className="mono small image">{image.name || '–'}</td>
      <td className="mono small">{image.tag || '–'}</td>
      <td className="num">{usage && live ? formatPercent(usage.cpuPercent) : '–'}</td>
      <td className="num">{usage && live ? formatBytes(usage.memoryBytes) : '–'}</td>
      <td className="num">{s.restartCount}</td>
      <td>
        <div className="row-actions">
          {commands.map(({ label, Icon, command }) => (
            <IconButton
              key={label}
              label={t(label, { service: name })}
              disabled={busy}
              onClick={() => void run(command)}
            >
              <Icon size={14} aria-hidden />
            </IconButton>
          ))}
          <IconButton
            label={t('action.logsOf', { service: name })}
            onClick={() => nav.getState().openLogs([name])}
          >
            <FileText size={14} aria-hidden />
          </IconButton>
        </div>
      </td>
    </tr>
  );
}
