import { EmptyState, PageHeader } from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { messages } from '../messages';

registerMessages('home', messages);

/** Placeholder until the home feature's pages land (its owner replaces this file). */
export function Component() {
  const { t } = useT('home');
  return (
    <>
      <PageHeader title={t('common:nav.home')} />
      <EmptyState />
    </>
  );
}
