import { EmptyState, PageHeader } from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { messages } from '../messages';

registerMessages('mashups', messages);

/** Placeholder until the mashups feature's pages land (its owner replaces this file). */
export function Component() {
  const { t } = useT('mashups');
  return (
    <>
      <PageHeader title={t('common:nav.mashups')} />
      <EmptyState />
    </>
  );
}
