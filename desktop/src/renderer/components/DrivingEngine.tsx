// Which engine the console drives, in one line: "Driving: remote-1 (tcp://…, Docker 27.3.1)".
import { useTranslation } from 'react-i18next';
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
