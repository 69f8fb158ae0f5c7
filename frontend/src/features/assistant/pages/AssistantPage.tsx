import { EmptyState, PageHeader } from '../../../components';
import { registerMessages, useT } from '../../../i18n';
import { messages } from '../messages';

registerMessages('assistant', messages);

/** Placeholder until the assistant feature's pages land (its owner replaces this file). */
export function Component() {
  const { t } = useT('assistant');
  return (
    <>
      <PageHeader title={t('common:nav.assistant')} />
      <EmptyState />
    </>
  );
}
