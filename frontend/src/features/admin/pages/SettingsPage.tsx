import { EmptyState, PageHeader } from '../../../components';
import { useT } from '../../../i18n';

export function Component() {
  const { t } = useT();
  return (
    <>
      <PageHeader title={t('nav.adminSettings')} />
      <EmptyState />
    </>
  );
}
