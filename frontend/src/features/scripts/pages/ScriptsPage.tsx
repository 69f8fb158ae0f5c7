import { EmptyState, PageHeader } from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { messages } from '../messages';

registerMessages('scripts', messages);

/** Placeholder until the scripts feature's pages land (its owner replaces this file). */
export function Component() {
  const { t } = useT('scripts');
  return (
    <>
      <PageHeader title={t('common:nav.scripts')} />
      <EmptyState />
    </>
  );
}
