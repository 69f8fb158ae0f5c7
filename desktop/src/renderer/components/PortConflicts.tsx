// Port conflicts named with who holds the port and the setting that moves it, each with a field
// to pick another port right there.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toShownError, type ShownError } from '../lib/errors.js';
import { SERVICE_PORT_NAME } from '../lib/services.js';
import { useConsole } from '../stores/console.js';
import type { PortConflict, PortName } from '../types.js';
import { ErrorNote } from './ErrorNote.js';

export function PortConflicts({
  conflicts,
  onChanged,
}: {
  conflicts: PortConflict[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  if (conflicts.length === 0) return <p className="note note-ok">{t('ports.allFree')}</p>;
  return (
    <ul className="conflicts">
      {conflicts.map((c) => (
        <ConflictItem
          key={`${c.service}:${c.hostIp}:${c.hostPort}/${c.protocol}`}
          conflict={c}
          onChanged={onChanged}
        />
      ))}
    </ul>
  );
}

function holderText(c: PortConflict, t: (key: string, values?: Record<string, unknown>) => string): string {
  const h = c.heldBy;
  if (h.kind === 'container')
    return t('ports.heldByContainer', {
      name: h.containerName,
      project: h.project ?? '–',
      service: h.service ?? '–',
    });
  if (h.kind === 'service') return t('ports.heldByService', { service: h.service });
  if (h.kind === 'process') return t('ports.heldByProcess', { command: h.command, pid: h.pid });
  if (h.kind === 'privileged') return t('ports.privileged');
  return t('ports.heldByUnknown');
}

function ConflictItem({ conflict: c, onChanged }: { conflict: PortConflict; onChanged: () => void }) {
  const { t } = useTranslation();
  const { settings } = useConsole();
  const [value, setValue] = useState(String(c.hostPort + 1));
  const [error, setError] = useState<ShownError | null>(null);
  const [saving, setSaving] = useState(false);
  const portName = SERVICE_PORT_NAME[c.service] as PortName | undefined;
  const fieldId = `port-fix-${c.service}-${c.hostPort}`;
  return (
    <li
      className="conflict"
      role="group"
      aria-label={t('ports.conflictOf', { service: c.service, port: c.hostPort })}
    >
      <p className="note-title">
        {t('ports.conflict', { port: c.hostPort, service: c.service })} {holderText(c, t)}
      </p>
      <p className="small">{c.message}</p>
      <p className="small">
        <strong>{t('common.whatToDo')}</strong> {c.hint}
        {c.setting && <> ({t('ports.setting', { setting: c.setting })})</>}
      </p>
      {portName && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const port = Number(value);
            setSaving(true);
            settings
              .getState()
              .save({ ports: { [portName]: port } })
              .then(
                () => {
                  setError(null);
                  onChanged();
                },
                (err: unknown) => setError(toShownError(err)),
              )
              .finally(() => setSaving(false));
          }}
        >
          <label htmlFor={fieldId}>{t('ports.useInstead', { service: c.service })}</label>
          <input
            id={fieldId}
            type="number"
            min={1}
            max={65535}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <button type="submit" className="btn btn-small" disabled={saving}>
            {t('ports.usePort')}
          </button>
        </form>
      )}
      {error && <ErrorNote error={error} />}
    </li>
  );
}
