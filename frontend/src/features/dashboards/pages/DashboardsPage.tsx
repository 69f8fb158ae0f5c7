import { EmptyState, PageHeader } from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { messages } from '../messages';

registerMessages('dashboards', messages);

/** Placeholder until the dashboards feature's pages land (its owner replaces this file). */
export function Component() {
  const { t } = useT('dashboards');
  return (
    <>
      <PageHeader title={t('common:nav.dashboards')} />
      <EmptyState />
    </>
  );
}
