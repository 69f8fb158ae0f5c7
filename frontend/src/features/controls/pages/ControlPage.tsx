import { EmptyState, PageHeader } from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { messages } from '../messages';

registerMessages('controls', messages);

/** Placeholder until the controls feature's pages land (its owner replaces this file). */
export function Component() {
  const { t } = useT('controls');
  return (
    <>
      <PageHeader title={t('common:nav.catalogs')} />
      <EmptyState />
    </>
  );
}
