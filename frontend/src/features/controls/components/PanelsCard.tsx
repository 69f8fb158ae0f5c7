// The Grafana panels linked to a control, embedded from grafanaBase on the same origin
// (/grafana/d-solo/...), in the app's theme, over the last 30 days.
import type { ControlPanel } from '@backend/contract';
import { Card, ResourceView } from '../../../components';
import { config } from '../../../config';
import { useT } from '../../../i18n';
import { useTheme } from '../../../lib/theme';
import type { Resource } from '../../../lib/useResource';
import { panelEmbedUrl } from '../../dashboards/panelUrl';

const RANGE = { from: 'now-30d', to: 'now' };

function currentTheme(): 'light' | 'dark' {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

export function PanelsCard({ panels }: { panels: Resource<ControlPanel[]> }) {
  const { t } = useT('controls');
  useTheme((s) => s.choice); // re-render (and re-theme the iframes) when the theme changes
  const theme = currentTheme();
  return (
    <Card title={t('panels.title')}>
      <ResourceView resource={panels} empty={<p className="muted">{t('panels.empty')}</p>}>
        {(rows) => {
          const usable = rows.filter((p) => p.dashboardUid && p.id !== null);
          if (!usable.length) return <p className="muted">{t('panels.empty')}</p>;
          return (
            <div className="panels">
              {usable.map((p) => (
                <iframe
                  key={p.uid}
                  className="panel-frame"
                  title={t('panels.panel', { id: p.id, uid: p.dashboardUid })}
                  loading="lazy"
                  src={panelEmbedUrl({
                    grafanaBase: config().grafanaBase,
                    dashboardUid: p.dashboardUid!,
                    panelId: p.id!,
                    range: RANGE,
                    theme,
                  })}
                />
              ))}
            </div>
          );
        }}
      </ResourceView>
    </Card>
  );
}
