// /scopes: scope definitions and, per control, its scope sets. The tab and the chosen control live
// in the URL (?tab=sets&controlId=3) so a control's page can link straight to its sets.
import { useSearchParams } from 'react-router';
import { PageHeader, Tabs } from '../../../../components';
import { hasRole, useSession } from '../../../../lib/session';
import { registerMessages, useT } from '../../../../i18n';
import { useResource } from '../../../../lib/useResource';
import { SCOPES_KEY, scopesApi } from '../api';
import { ScopeSetsTab } from '../components/ScopeSetsTab';
import { ScopesTab } from '../components/ScopesTab';
import { messages } from '../messages';

registerMessages('scopes', messages);

export function Component() {
  const { t } = useT('scopes');
  const canWrite = useSession((s) => hasRole(s.user, ['ADMIN', 'DEVELOPER']));
  const [params, setParams] = useSearchParams();
  const scopes = useResource(SCOPES_KEY, (signal) => scopesApi.list(signal));
  const tab = params.get('tab') === 'sets' ? 'sets' : 'scopes';
  const rawControl = Number(params.get('controlId'));
  const controlId = Number.isInteger(rawControl) && rawControl > 0 ? rawControl : null;

  const setQuery = (next: Record<string, string | null>) =>
    setParams(
      (p) => {
        const q = new URLSearchParams(p);
        for (const [k, v] of Object.entries(next)) {
          if (v === null) q.delete(k);
          else q.set(k, v);
        }
        return q;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader title={t('title')} description={t('subtitle')} />
      <Tabs
        label={t('title')}
        value={tab}
        onValueChange={(v) => setQuery({ tab: v === 'sets' ? 'sets' : null })}
        items={[
          {
            value: 'scopes',
            label: t('tabs.scopes'),
            content: <ScopesTab scopes={scopes} canWrite={canWrite} />,
          },
          {
            value: 'sets',
            label: t('tabs.sets'),
            content: (
              <ScopeSetsTab
                controlId={controlId}
                onControlChange={(id) => setQuery({ controlId: id === null ? null : String(id) })}
                scopes={scopes.data ?? []}
                canWrite={canWrite}
              />
            ),
          },
        ]}
      />
    </>
  );
}
