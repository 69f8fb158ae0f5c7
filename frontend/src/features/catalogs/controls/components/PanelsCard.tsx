// The Grafana panels linked to a control, embedded from grafanaBase on the same origin
// (/grafana/d-solo/...), in the app's theme, over the last 30 days. Writers link and unlink panels.
import type { ControlPanel } from '@backend/contract';
import { Link2, Plus, Unlink } from 'lucide-react';
import { useState } from 'react';
import { Button, Card, ConfirmDialog, IconButton, ResourceView, toast } from '../../../../components';
import { config } from '../../../../config';
import { useT } from '../../../../i18n';
import { useTheme } from '../../../../lib/theme';
import type { Resource } from '../../../../lib/useResource';
import { panelEmbedUrl } from '../../../../lib/panelUrl';
import { controlsApi } from '../api';
import { CreatePanelDialog } from './CreatePanelDialog';
import { LinkPanelDialog } from './LinkPanelDialog';

const RANGE = { from: 'now-30d', to: 'now' };

function currentTheme(): 'light' | 'dark' {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

export function PanelsCard({
  controlId,
  controlName = '',
  panels,
  canWrite,
}: {
  controlId: number;
  /** The default title of a new panel. */
  controlName?: string;
  panels: Resource<ControlPanel[]>;
  canWrite: boolean;
}) {
  const { t } = useT('controls');
  useTheme((s) => s.choice); // re-render (and re-theme the iframes) when the theme changes
  const theme = currentTheme();
  const [linking, setLinking] = useState(false);
  const [creating, setCreating] = useState(false);
  const [unlinking, setUnlinking] = useState<ControlPanel | null>(null);
  const empty = <p className="muted">{t('panels.empty')}</p>;
  return (
    <Card
      title={t('panels.title')}
      aria-label={t('panels.title')}
      actions={
        canWrite && (
          <>
            <Button size="sm" icon={<Plus size={16} />} onClick={() => setCreating(true)}>
              {t('panels.create')}
            </Button>
            <Button size="sm" icon={<Link2 size={16} />} onClick={() => setLinking(true)}>
              {t('panels.link')}
            </Button>
          </>
        )
      }
    >
      <ResourceView resource={panels} empty={empty}>
        {(rows) => {
          const usable = rows.filter((p) => p.dashboardUid && p.id !== null);
          if (!usable.length) return empty;
          return (
            <div className="panels">
              {usable.map((p) => (
                <figure key={p.uid} className="panel">
                  <iframe
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
                  {canWrite && (
                    <figcaption className="row-actions">
                      <IconButton
                        size="sm"
                        aria-label={t('panels.unlink', { id: p.id })}
                        icon={<Unlink size={16} />}
                        onClick={() => setUnlinking(p)}
                      />
                    </figcaption>
                  )}
                </figure>
              ))}
            </div>
          );
        }}
      </ResourceView>
      {creating && (
        <CreatePanelDialog
          controlId={controlId}
          controlName={controlName}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            toast.success(t('panels.created'));
            void panels.reload();
          }}
        />
      )}
      {linking && (
        <LinkPanelDialog
          controlId={controlId}
          onClose={() => setLinking(false)}
          onLinked={() => {
            setLinking(false);
            toast.success(t('panels.linked'));
            void panels.reload();
          }}
        />
      )}
      <ConfirmDialog
        open={unlinking !== null}
        onOpenChange={(o) => !o && setUnlinking(null)}
        title={t('panels.unlinkTitle', { id: unlinking?.id ?? '' })}
        body={t('panels.unlinkBody')}
        confirmLabel={t('panels.unlinkConfirm')}
        onConfirm={async () => {
          if (!unlinking?.id) return;
          await controlsApi.unlinkPanel(controlId, unlinking.id);
          await panels.reload();
        }}
      />
    </Card>
  );
}
