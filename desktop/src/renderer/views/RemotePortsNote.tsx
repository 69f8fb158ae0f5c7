// On an engine on another machine, the platform's ports open on that machine, on its loopback unless
// STATUS is shared: the links and tabs of this computer do not reach them. This says so, and the
// two ways to reach them from here. On an ssh:// engine the launcher forwards the proxy's port
// itself: then one line says where, or its problem comes before the two ways.
import { useTranslation } from 'react-i18next';
import type { ProjectStatus } from '../types.js';

/** The reverse proxy's published port, as the status model has it (live or configured). */
function proxyPort(status: ProjectStatus): number | undefined {
  return status.services['reverse-proxy']?.ports.find((p) => p.protocol === 'tcp')?.hostPort;
}

/** The address here where the launcher forwards the platform from the engine's machine, if it does. */
export function forwardedUrl(status: ProjectStatus | null | undefined): string | undefined {
  const forward = status?.driving?.forward;
  return forward && 'url' in forward ? forward.url : undefined;
}

/** STATUS is shared under the engine's machine name: its public URL reaches that machine. */
export function sharedThere(publicUrl: string | undefined, host: string): boolean {
  if (!publicUrl) return false;
  try {
    return new URL(publicUrl).hostname.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

export function RemotePortsNote({
  host,
  status,
  publicUrl,
}: {
  host: string;
  status: ProjectStatus;
  publicUrl: string | undefined;
}) {
  const { t } = useTranslation();
  if (sharedThere(publicUrl, host)) {
    return <p className="small muted">{t('overview.remote.shared', { host, url: publicUrl })}</p>;
  }
  const forwarded = forwardedUrl(status);
  if (forwarded) {
    return <p className="small muted">{t('overview.remote.forwarded', { host, url: forwarded })}</p>;
  }
  const forward = status.driving?.forward;
  const port = proxyPort(status);
  return (
    <div className="note note-warn small" role="note">
      {forward && 'problem' in forward && <p>{forward.problem}</p>}
      <p>{t('overview.remote.portsThere', { host })}</p>
      <p>{t('overview.remote.share', { host })}</p>
      {port !== undefined && (
        <>
          <p>{t('overview.remote.forward', { port })}</p>
          <p>
            <code className="mono">{`ssh -N -L ${port}:127.0.0.1:${port} ${host}`}</code>
          </p>
        </>
      )}
    </div>
  );
}
