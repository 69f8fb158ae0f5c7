// Which engine the console drives, in one line: "Driving: remote-1 (tcp://…, Docker 27.3.1)".
import { useTranslation } from 'react-i18next';
import { useConsoleStore } from '../stores/console.js';
import type { DrivenEngineInfo } from '../types.js';

export function DrivingEngine({ driving, className }: { driving?: DrivenEngineInfo; className?: string }) {
  const { t } = useTranslation();
  return (
    <span className={className} data-testid="driving-engine">
      {driving
        ? t('engines.driving', { name: driving.name, endpoint: driving.endpoint, version: driving.version })
        : t('engines.notDriving')}
    </span>
  );
}

/**
 * In a dialog that deletes or replaces data: which engine's platform it acts on, so the operator
 * driving another machine's engine knows before confirming. Nothing while no engine answers.
 */
export function ActsOnEngine() {
  const { t } = useTranslation();
  const driving = useConsoleStore('status', (s) => s.status?.driving);
  if (!driving) return null;
  return (
    <p className="small muted" data-testid="acts-on-engine">
      {t('engines.actsOn', { name: driving.name, endpoint: driving.endpoint })}
    </p>
  );
}
